#!/usr/bin/env python3
"""Check the facts of schemas/groq.schema.json against the Groq Python SDK's types.

The groq profile checks chat completions and audio transcription and
translation bodies key by key with definitions ($defs) written by hand from
Groq's API reference and the request types of its Python SDK
(github.com/groq/groq-python, src/groq/types/, generated from Groq's OpenAPI
document). This script reads the TypedDict classes of that folder with `ast`
(never importing them; its path is an argument: it is not part of this
repository) and, for each of our definitions mapped to SDK types in MAPPING
below, compares the keys, the required keys (`Required[...]`) and the enum
values (`Literal[...]`); the SDK carries no numeric bounds. The system and
developer messages, text parts and response_format our schema takes from
openai.schema.json (by $ref) are compared too. See common.py.

It prints each difference and exits 1 if there is one not in ALLOWED (the
deliberate differences, each with its reason) or an entry of ALLOWED that no
longer matches anything, 0 when all agree. Standard library only.

    git --git-dir=<clone of groq/groq-python> archive HEAD src/groq/types | tar -x -C /tmp/groq-sdk
    python3 tools/schemas/groq.py --sdk /tmp/groq-sdk/src/groq/types
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
from common import main

CREATE = "chat/completion_create_params"
BODY = "chatCompletionBody#/properties"

# Our definition (optionally with a JSON Pointer inside it) -> (the SDK types
# it follows, whether it lists every key); a type is a TypedDict class or a
# union alias, "module:Name" where the name is not unique. See common.compare.
MAPPING: dict[str, tuple[list[str], bool]] = {
    # POST /v1/chat/completions
    "chatCompletionBody": ([f"{CREATE}:CompletionCreateParams"], True),
    f"{BODY}/response_format/anyOf/0": ([f"{CREATE}:ResponseFormat"], True),
    f"{BODY}/tool_choice/anyOf/1": (["ChatCompletionNamedToolChoiceParam"], True),
    f"{BODY}/tool_choice/anyOf/1/properties/function": (["chat/chat_completion_named_tool_choice_param:Function"], True),
    f"{BODY}/function_call/anyOf/1": (["ChatCompletionFunctionCallOptionParam"], True),
    f"{BODY}/search_settings": (["SearchSettings"], True),
    f"{BODY}/compound_custom": (["CompoundCustom"], True),
    f"{BODY}/compound_custom/properties/models": (["CompoundCustomModels"], True),
    f"{BODY}/compound_custom/properties/tools": (["CompoundCustomTools"], True),
    f"{BODY}/compound_custom/properties/tools/properties/wolfram_settings": (
        ["CompoundCustomToolsWolframSettings"],
        True,
    ),
    # Messages and parts.
    "message": (["ChatCompletionMessageParam"], False),
    "message#/allOf/0/then": (["ChatCompletionSystemMessageParam"], True),
    "message#/allOf/1/then": (["ChatCompletionSystemMessageParam"], True),
    "userMessage": (["ChatCompletionUserMessageParam"], True),
    "assistantMessage": (["ChatCompletionAssistantMessageParam"], True),
    "assistantMessage#/properties/function_call": (["chat/chat_completion_assistant_message_param:FunctionCall"], True),
    "toolMessage": (["ChatCompletionToolMessageParam"], True),
    "functionMessage": (["ChatCompletionFunctionMessageParam"], True),
    "contentPart": (["ChatCompletionContentPartParam"], False),
    "contentPart#/allOf/0/then": (["ChatCompletionContentPartTextParam"], True),
    "imagePart": (["ChatCompletionContentPartImageParam"], True),
    "imagePart#/properties/image_url": (["ImageURL"], True),
    "documentPart": (["ChatCompletionRequestMessageContentPartDocument"], True),
    "documentPart#/properties/document": (["ChatCompletionRequestMessageContentPartDocumentDocument"], True),
    # Tools and documents.
    "toolCall": (["ChatCompletionMessageToolCallParam"], True),
    "toolCall#/properties/function": (["chat/chat_completion_message_tool_call_param:Function"], True),
    "tool": (["ChatCompletionToolParam"], True),
    "function": (["shared_params/function_definition:FunctionDefinition", f"{CREATE}:Function"], True),
    "document": ([f"{CREATE}:Document"], True),
    "document#/properties/source": ([f"{CREATE}:DocumentSource"], False),
    # POST /v1/audio/transcriptions and /v1/audio/translations
    "transcriptionBody": (["TranscriptionCreateParams"], True),
    "translationBody": (["TranslationCreateParams"], True),
}

# Deliberate differences: (our definition, property or "", kind) -> reason
# (kinds: see common.py).
ALLOWED: dict[tuple[str, str, str], str] = {
    # One SDK type for two of our rules.
    ("message#/allOf/0/then", "role", "enum"): "the SDK types system and developer messages as one "
    "ChatCompletionSystemMessageParam (role system or developer); our message has a rule per role",
    ("message#/allOf/1/then", "role", "enum"): "as for the system message",
    # The audio of a batch line is a URL.
    **{
        (body, "file", "key theirs only"): "an uploaded file (multipart form data) cannot be sent in a JSON "
        "line: Groq's batch guide gives the audio by url"
        for body in ("transcriptionBody", "translationBody")
    },
    **{
        (body, "url", "required"): "the SDK takes file or url; a batch line has no file, so it needs url"
        for body in ("transcriptionBody", "translationBody")
    },
}

if __name__ == "__main__":
    sys.exit(main(__doc__, "groq.schema.json", MAPPING, ALLOWED, "sdk"))
