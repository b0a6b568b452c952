#!/usr/bin/env python3
"""Check the facts of schemas/mistral.schema.json against Mistral's OpenAPI document.

The mistral profile checks each endpoint's body key by key with definitions
($defs) written by hand from Mistral's OpenAPI document (openapi.yaml of
github.com/mistralai/platform-docs-public). This script reads that document
(its path is an argument: it is not part of this repository) and, for each of
our definitions mapped to an OpenAPI schema in MAPPING below, compares the
property names, the required keys, the enum values and the numeric bounds, as
tools/schemas/openai.py does for the openai profile (see common.py).

It prints each difference and exits 1 if there is one not in ALLOWED (the
deliberate differences, each with its reason) or an entry of ALLOWED that no
longer matches anything, 0 when all agree. Standard library and PyYAML only.

    git --git-dir=<clone of mistralai/platform-docs-public> show HEAD:openapi.yaml > /tmp/mistral-openapi.yaml
    python3 tools/schemas/mistral.py --spec /tmp/mistral-openapi.yaml
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
from common import main

# Our definition (optionally with a JSON Pointer inside it) -> (the OpenAPI
# schemas it follows, whether it lists every key); see common.compare.
MAPPING: dict[str, tuple[list[str], bool]] = {
    # The bodies of the batch endpoints (ApiEndpoint).
    "chatCompletionBody": (["ChatCompletionRequest"], True),
    "chatCompletionBody#/properties/tool_choice/anyOf/1": (["ToolChoice"], True),
    "fimBody": (["FIMCompletionRequest"], True),
    "ocrBody": (["OCRRequest"], True),
    "transcriptionBody": (["AudioTranscriptionRequest"], True),
    "inputBody": (
        ["EmbeddingRequest", "ClassificationRequest", "ChatModerationRequest", "ChatClassificationRequest"],
        True,
    ),
    "conversationBody": (["ConversationRequest"], True),
    "conversationBody#/properties/completion_args": (["CompletionArgs"], True),
    "conversationBody#/properties/tools/items": (["ConversationRequestBase#/properties/tools/anyOf/0/items"], False),
    # Messages and chunks.
    "message": (["ChatCompletionRequest#/properties/messages/items"], False),
    "systemMessage": (["SystemMessage"], True),
    "userMessage": (["UserMessage"], True),
    "assistantMessage": (["AssistantMessage"], True),
    "toolMessage": (["ToolMessage"], True),
    "contentChunk": (["ContentChunk"], False),
    "systemChunk": (["SystemMessageContentChunks"], False),
    "textChunk": (["TextChunk"], True),
    "imageUrlChunk": (["ImageURLChunk"], True),
    "imageUrlChunk#/properties/image_url/anyOf/1": (["ImageURL"], True),
    "documentUrlChunk": (["DocumentURLChunk"], True),
    "referenceChunk": (["ReferenceChunk"], True),
    "fileChunk": (["FileChunk"], True),
    "thinkChunk": (["ThinkChunk"], True),
    "audioChunk": (["AudioChunk"], True),
    # The OCR document: a chunk, its type optional (our `if` without type picks by key).
    "document#/then": (["OCRRequest#/properties/document"], False),
    "instructRequest": (["InstructRequest"], True),
    # Tools and formats.
    "toolCall": (["ToolCall"], True),
    "toolCall#/properties/function": (["FunctionCall"], True),
    "tool": (["Tool"], True),
    "tool#/properties/function": (["Function"], True),
    "functionName": (["FunctionName"], True),
    "prediction": (["Prediction"], True),
    "responseFormat": (["ResponseFormat"], True),
    "annotationFormat": (["ResponseFormat"], True),
    "jsonSchema": (["JsonSchema"], True),
    "guardrail": (["GuardrailConfig"], True),
}

# Deliberate differences: (our definition, property or "", kind) -> reason
# (kinds: see common.py).
ALLOWED: dict[tuple[str, str, str], str] = {
    # The model may be named on the job instead of on each line.
    **{
        (body, "model", "required"): "a batch job may name the model for all its lines (the batch guide): "
        "body.model is optional in a batch file"
        for body in ("chatCompletionBody", "fimBody", "ocrBody", "transcriptionBody", "inputBody")
    },
    # The discriminators: the document gives role and type defaults, but its
    # unions are discriminated by them (discriminator.propertyName), so a
    # message or chunk without one cannot be told apart; we require them.
    **{
        (name, key, "required"): f"{key} selects the variant (the document's discriminator of the union); "
        "our if/then rules need it"
        for name, key in (
            ("message", "role"),
            ("systemMessage", "role"),
            ("userMessage", "role"),
            ("assistantMessage", "role"),
            ("toolMessage", "role"),
            ("contentChunk", "type"),
            ("systemChunk", "type"),
            ("textChunk", "type"),
            ("imageUrlChunk", "type"),
            ("documentUrlChunk", "type"),
            ("referenceChunk", "type"),
            ("fileChunk", "type"),
            ("thinkChunk", "type"),
            ("audioChunk", "type"),
            ("conversationBody#/properties/tools/items", "type"),
        )
    },
    # Keys a JSON line cannot carry.
    ("transcriptionBody", "file", "key theirs only"): "an uploaded file (multipart form data) cannot be sent "
    "in a JSON line: a batch gives the audio by file_url or file_id",
    # The OCR annotation formats are ResponseFormats narrowed to json_schema.
    ("annotationFormat", "type", "enum"): "bbox_annotation_format and document_annotation_format take only "
    "json_schema (Mistral's document annotation guide); the OpenAPI document reuses ResponseFormat",
    ("annotationFormat", "type", "required"): "as for the enum: the type must be json_schema",
    ("annotationFormat", "json_schema", "required"): "a json_schema format needs its schema",
}

if __name__ == "__main__":
    sys.exit(main(__doc__, "mistral.schema.json", MAPPING, ALLOWED, "spec"))
