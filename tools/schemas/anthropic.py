#!/usr/bin/env python3
"""Check the facts of schemas/anthropic.schema.json against the Anthropic Python SDK's types.

The anthropic profile checks a batch request's params (a Messages API request
body) key by key with definitions ($defs) written by hand from Anthropic's API
reference and the request types of its Python SDK (github.com/anthropics/
anthropic-sdk-python, src/anthropic/types/, generated from Anthropic's OpenAPI
document). This script reads the TypedDict classes of that folder with `ast`
(never importing them; its path is an argument: it is not part of this
repository) and, for each of our definitions mapped to SDK types in MAPPING
below, compares the keys, the required keys (`Required[...]`) and the enum
values (`Literal[...]`); the SDK carries no numeric bounds. Our schema accepts
the beta keys, blocks and tools, so it is compared with the beta types
(types/beta/), a superset of the others. See common.py.

It prints each difference and exits 1 if there is one not in ALLOWED (the
deliberate differences, each with its reason) or an entry of ALLOWED that no
longer matches anything, 0 when all agree. Standard library only.

    git --git-dir=<clone of anthropics/anthropic-sdk-python> archive HEAD src/anthropic/types | tar -x -C /tmp/anthropic-sdk
    python3 tools/schemas/anthropic.py --sdk /tmp/anthropic-sdk/src/anthropic/types
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
from common import main

B = "beta/"  # the beta types' folder

# Our definition (optionally with a JSON Pointer inside it, or a pointer from
# the schema's root) -> (the SDK types it follows, whether it lists every key);
# a type is a TypedDict class or a union alias, "module:Name" where the name is
# not unique. See common.compare.
MAPPING: dict[str, tuple[list[str], bool]] = {
    # The request: {custom_id, params}.
    "#": ([f"{B}messages/batch_create_params:Request"], True),
    "#/properties/params": ([f"{B}message_create_params:MessageCreateParamsNonStreaming"], True),
    "#/properties/params/properties/metadata": (["BetaMetadataParam"], True),
    "message": (["BetaMessageParam"], True),
    # Content blocks.
    "contentBlock": (["BetaContentBlockParam"], False),
    "toolResultContentBlock": ([f"{B}beta_tool_result_block_param:Content"], False),
    "sourceContentBlock": (["BetaContentBlockSourceContentParam"], False),
    "cacheControl": (["BetaCacheControlEphemeralParam"], True),
    "caller": (["BetaDirectCallerParam", "BetaServerToolCallerParam", "BetaServerToolCaller20260120Param"], True),
    "citation": (["BetaTextCitationParam"], False),
    "citationsConfig": (["BetaCitationsConfigParam"], True),
    "textBlock": (["BetaTextBlockParam"], True),
    "imageBlock": (["BetaImageBlockParam"], True),
    "imageSource": ([f"{B}beta_image_block_param:Source"], False),
    "documentBlock": (["BetaRequestDocumentBlockParam"], True),
    "documentSource": ([f"{B}beta_request_document_block_param:Source"], False),
    "searchResultBlock": (["BetaSearchResultBlockParam"], True),
    "thinkingBlock": (["BetaThinkingBlockParam"], True),
    "redactedThinkingBlock": (["BetaRedactedThinkingBlockParam"], True),
    "toolUseBlock": (["BetaToolUseBlockParam"], True),
    "toolResultBlock": (["BetaToolResultBlockParam"], True),
    "toolReferenceBlock": (["BetaToolReferenceBlockParam"], True),
    "serverToolUseBlock": (["BetaServerToolUseBlockParam"], True),
    "webToolResultBlock": (["BetaWebSearchToolResultBlockParam", "BetaWebFetchToolResultBlockParam"], True),
    "serverToolResultBlock": (
        [
            "BetaCodeExecutionToolResultBlockParam",
            "BetaBashCodeExecutionToolResultBlockParam",
            "BetaTextEditorCodeExecutionToolResultBlockParam",
            "BetaToolSearchToolResultBlockParam",
            "BetaAdvisorToolResultBlockParam",
        ],
        True,
    ),
    "containerUploadBlock": (["BetaContainerUploadBlockParam"], True),
    "midConversationSystemBlock": (["BetaMidConversationSystemBlockParam"], True),
    "mcpToolUseBlock": (["BetaMCPToolUseBlockParam"], True),
    "mcpToolResultBlock": (["BetaRequestMCPToolResultBlockParam"], True),
    "compactionBlock": (["BetaCompactionBlockParam"], True),
    "toolChangeBlock": (["BetaRequestToolAdditionBlockParam", "BetaRequestToolRemovalBlockParam"], True),
    "fallbackBlock": (["BetaFallbackBlockParam"], True),
    # Tools.
    "tool": (["BetaToolUnionParam"], False),
    "customTool": (["BetaToolParam"], True),
    "customTool#/properties/input_schema": ([f"{B}beta_tool_param:InputSchemaTyped"], True),
    "bashTool": (["BetaToolBash20241022Param", "BetaToolBash20250124Param"], True),
    "codeExecutionTool": (
        [
            "BetaCodeExecutionTool20250522Param",
            "BetaCodeExecutionTool20250825Param",
            "BetaCodeExecutionTool20260120Param",
            "BetaCodeExecutionTool20260521Param",
        ],
        True,
    ),
    "memoryTool": (["BetaMemoryTool20250818Param"], True),
    "textEditorTool": (["BetaToolTextEditor20241022Param", "BetaToolTextEditor20250124Param"], True),
    "strReplaceBasedEditTool": (["BetaToolTextEditor20250429Param", "BetaToolTextEditor20250728Param"], True),
    "webSearchTool": (
        ["BetaWebSearchTool20250305Param", "BetaWebSearchTool20260209Param", "BetaWebSearchTool20260318Param"],
        True,
    ),
    "webSearchTool#/properties/user_location": (["BetaUserLocationParam"], True),
    "webFetchTool": (
        [
            "BetaWebFetchTool20250910Param",
            "BetaWebFetchTool20260209Param",
            "BetaWebFetchTool20260309Param",
            "BetaWebFetchTool20260318Param",
        ],
        True,
    ),
    "toolSearchTool": (["BetaToolSearchToolBm25_20251119Param", "BetaToolSearchToolRegex20251119Param"], True),
    "computerTool": (
        ["BetaToolComputerUse20241022Param", "BetaToolComputerUse20250124Param", "BetaToolComputerUse20251124Param"],
        True,
    ),
    "advisorTool": (["BetaAdvisorTool20260301Param"], True),
    "mcpToolset": (["BetaMCPToolsetParam"], True),
    "mcpServer": (["BetaRequestMCPServerURLDefinitionParam"], True),
    "mcpServer#/properties/tool_configuration": (["BetaRequestMCPServerToolConfigurationParam"], True),
    # tool_choice, thinking, output_config.
    "toolChoice": (["BetaToolChoiceParam"], False),
    "thinking": (["BetaThinkingConfigParam"], False),
    "jsonOutputFormat": (["BetaJSONOutputFormatParam"], True),
    "outputConfig": (["BetaOutputConfigParam"], True),
    "outputConfig#/properties/task_budget": (["BetaTokenTaskBudgetParam"], True),
}

# Deliberate differences: (our definition, property or "", kind) -> reason
# (kinds: see common.py).
ALLOWED: dict[tuple[str, str, str], str] = {
    # Headers the SDK takes with the params (PropertyInfo aliases): not body keys.
    ("#/properties/params", "anthropic-beta", "key theirs only"): "the SDK's `betas` argument, sent as the "
    "anthropic-beta HTTP header of the batch, never inside a request's params",
    ("#/properties/params", "anthropic-user-profile-id", "key theirs only"): "the SDK's `user_profile_id` "
    "argument, sent as the anthropic-user-profile-id header of the batch",
    ("#/properties/params", "user_profile_id", "key ours only"): "a body field of each request: the batch "
    "reference (platform.claude.com/docs/en/api/messages/batches/create) says a request whose user_profile_id "
    "body field conflicts with the anthropic-user-profile-id header is errored; the SDK sends it as the header",
    # Citations are model output given back as input.
    **{
        ("citation", value, "variant required"): "a citation the model produced, given back in a text block: "
        "copied from the response and checked by the API; we check its type and cited_text only"
        for value in (
            "char_location",
            "content_block_location",
            "page_location",
            "search_result_location",
            "web_search_result_location",
        )
    },
}

if __name__ == "__main__":
    sys.exit(main(__doc__, "anthropic.schema.json", MAPPING, ALLOWED, "sdk"))
