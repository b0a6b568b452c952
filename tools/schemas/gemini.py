#!/usr/bin/env python3
"""Writes the line schemas of the `gemini` and `vertex` profiles.

Both batch APIs take one `GenerateContentRequest` per line: the Gemini API as
`{key, request}` (schemas/gemini.schema.json), Vertex AI as `{request}`
(schemas/vertex.schema.json). The two requests share most of their messages,
so the field tables below are written once, with the differences marked, and
both schemas are generated from them.

The APIs read JSON through the proto3 JSON mapping, which accepts a field's
lowerCamelCase JSON name and its snake_case proto name alike. The tables hold
the JSON names; every field whose two spellings differ is listed under both
in `properties`, both pointing to one `$defs` entry, and giving both in one
object is an error, expressed as

    "dependentSchemas": {"snake_name": {"properties": {"camelName": false}}}

which batchlint reports as BL210. Fields that exclude each other (a proto
`oneof`, such as the kinds of data of a Part) use the same idiom.

Usage:
    python3 tools/schemas/gemini.py           # write both schemas
    python3 tools/schemas/gemini.py --check   # exit 1 if either differs

Python 3 standard library only. Output is deterministic: keys sorted, two
spaces of indent, a final newline.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = {
    "gemini": ROOT / "schemas" / "gemini.schema.json",
    "vertex": ROOT / "schemas" / "vertex.schema.json",
}

# ---------------------------------------------------------------------------
# Sources: the published references, and the protos they are generated from
# (github.com/googleapis/googleapis). Each message names its pages below.

G_REF = "https://ai.google.dev/api"
V_REF = "https://cloud.google.com/vertex-ai/docs/reference/rest/v1"
G_PROTO = "googleapis/googleapis: google/ai/generativelanguage/v1beta/"
V_PROTO = "googleapis/googleapis: google/cloud/aiplatform/v1/"


def sources(api, gemini_page, gemini_proto, vertex_page, vertex_proto):
    """The reference page and proto file of a message, for `api`."""
    if api == "gemini":
        return f"{G_REF}/{gemini_page}; {G_PROTO}{gemini_proto}"
    return f"{V_REF}/{vertex_page}; {V_PROTO}{vertex_proto}"


# ---------------------------------------------------------------------------
# Value types of the proto3 JSON mapping.

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


def string(**extra):
    return {"type": "string", **extra}


def boolean():
    return {"type": "boolean"}


def int32(minimum=INT32_MIN, maximum=INT32_MAX):
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


def int64(**extra):
    """An int64: the JSON mapping writes it as a string and reads both forms."""
    return {"type": ["integer", "string"], "pattern": "^-?[0-9]+$", **extra}


def number(**extra):
    return {"type": "number", **extra}


def array(items, **extra):
    return {"type": "array", "items": items, **extra}


def ref(name):
    return {"$ref": f"#/$defs/{name}"}


def struct():
    """A google.protobuf.Struct: any JSON object."""
    return {"type": "object"}


def any_value():
    """A google.protobuf.Value: any JSON value."""
    return {}


def string_map(values):
    return {"type": "object", "additionalProperties": values}


def base64():
    return {"type": "string", "contentEncoding": "base64"}


def duration():
    """A google.protobuf.Duration: "1.5s" in the JSON mapping; some of
    Google's examples write {"seconds": 60}, which is accepted too."""
    return {
        "type": ["string", "object"],
        "pattern": "^-?[0-9]+(\\.[0-9]{1,9})?s$",
        "additionalProperties": False,
        "properties": {"seconds": int64(), "nanos": int32(-999999999, 999999999)},
    }


def timestamp():
    return {"type": "string", "minLength": 1}


# ---------------------------------------------------------------------------
# The tables.


class F:
    """A field: its JSON (camelCase) name, its value schema, a description in
    our words, and whether it is required. `proto` is the snake_case proto
    name when it is not the JSON name's snake_case form."""

    def __init__(self, name, schema, description, required=False, proto=None):
        self.name = name
        self.schema = schema
        self.description = description
        self.required = required
        self.proto = proto or re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)

    def spellings(self):
        return [self.name] if self.proto == self.name else [self.name, self.proto]


class Message:
    """A message: its fields, its sources, and groups of fields of which at
    most one may be given (a proto `oneof`, or fields the documentation says
    exclude each other). `need_one` makes the first group required: one of
    its fields must be given, and when none is, the first is reported as
    missing."""

    def __init__(self, description, source, fields, exclusive=(), need_one=False):
        self.description = description
        self.source = source
        self.fields = fields
        self.exclusive = [list(g) for g in exclusive]
        self.need_one = need_one


class Enum:
    def __init__(self, description, source, values):
        self.description = description
        self.source = source
        self.values = values


def enums(api):
    """The enums, by definition name, with the proto names as values (their
    lower-case forms are added by enum_schema)."""
    g = api == "gemini"
    gen = sources(api, "generate-content", "generative_service.proto", "GenerationConfig", "content.proto")
    cache = sources(api, "caching", "content.proto", "Content", "content.proto")
    tool = sources(api, "caching", "content.proto", "Tool", "tool.proto")
    safety = sources(api, "generate-content#v1beta.SafetySetting", "safety.proto", "SafetySetting", "content.proto")
    schema = sources(api, "caching#Schema", "content.proto", "Schema", "openapi.proto")
    e = {
        "HarmCategory": Enum(
            "A harm category. HARM_CATEGORY_CIVIC_INTEGRITY is deprecated and still accepted."
            + (
                " The categories of the PaLM models (DEROGATORY … DANGEROUS) are valid names that"
                " Gemini models do not use."
                if g
                else ""
            ),
            safety,
            [
                "HARM_CATEGORY_UNSPECIFIED",
                *(
                    [
                        "HARM_CATEGORY_DEROGATORY",
                        "HARM_CATEGORY_TOXICITY",
                        "HARM_CATEGORY_VIOLENCE",
                        "HARM_CATEGORY_SEXUAL",
                        "HARM_CATEGORY_MEDICAL",
                        "HARM_CATEGORY_DANGEROUS",
                    ]
                    if g
                    else []
                ),
                "HARM_CATEGORY_HARASSMENT",
                "HARM_CATEGORY_HATE_SPEECH",
                "HARM_CATEGORY_SEXUALLY_EXPLICIT",
                "HARM_CATEGORY_DANGEROUS_CONTENT",
                "HARM_CATEGORY_CIVIC_INTEGRITY",
                *([] if g else ["HARM_CATEGORY_JAILBREAK"]),
            ],
        ),
        "HarmBlockThreshold": Enum(
            "From which probability of harm content is blocked; OFF turns the filter off.",
            safety,
            [
                "HARM_BLOCK_THRESHOLD_UNSPECIFIED",
                "BLOCK_LOW_AND_ABOVE",
                "BLOCK_MEDIUM_AND_ABOVE",
                "BLOCK_ONLY_HIGH",
                "BLOCK_NONE",
                "OFF",
            ],
        ),
        "Modality": Enum(
            "A kind of output the response may hold.", gen, ["MODALITY_UNSPECIFIED", "TEXT", "IMAGE", "AUDIO"]
        ),
        "MediaResolution": Enum(
            "How many tokens input media are sampled with.",
            gen,
            ["MEDIA_RESOLUTION_UNSPECIFIED", "MEDIA_RESOLUTION_LOW", "MEDIA_RESOLUTION_MEDIUM", "MEDIA_RESOLUTION_HIGH"],
        ),
        "ThinkingLevel": Enum(
            "How much the model thinks (Gemini 3 and later models).",
            gen,
            ["THINKING_LEVEL_UNSPECIFIED", "MINIMAL", "LOW", "MEDIUM", "HIGH"],
        ),
        "FunctionCallingMode": Enum(
            "Whether the model may, must or must not call functions.",
            tool,
            ["MODE_UNSPECIFIED", "AUTO", "ANY", "NONE", "VALIDATED"],
        ),
        "DynamicRetrievalMode": Enum("When retrieval runs.", tool, ["MODE_UNSPECIFIED", "MODE_DYNAMIC"]),
        "Language": Enum("The language of generated code.", tool, ["LANGUAGE_UNSPECIFIED", "PYTHON"]),
        "Outcome": Enum(
            "How a code execution ended.",
            tool,
            ["OUTCOME_UNSPECIFIED", "OUTCOME_OK", "OUTCOME_FAILED", "OUTCOME_DEADLINE_EXCEEDED"],
        ),
        "Environment": Enum("What computer use operates.", tool, ["ENVIRONMENT_UNSPECIFIED", "ENVIRONMENT_BROWSER"]),
        "Type": Enum(
            "A data type of the OpenAPI schema subset.",
            schema,
            ["TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", *(["NULL"] if g else [])],
        ),
    }
    if g:
        e["Scheduling"] = Enum(
            "How a function response is scheduled in the conversation.",
            cache,
            ["SCHEDULING_UNSPECIFIED", "SILENT", "WHEN_IDLE", "INTERRUPT"],
        )
        e["Behavior"] = Enum(
            "Whether a function blocks the conversation (used by the Live API only).",
            cache,
            ["UNSPECIFIED", "BLOCKING", "NON_BLOCKING"],
        )
    else:
        e["HarmBlockMethod"] = Enum(
            "Whether the threshold applies to the probability or to the severity score.",
            safety,
            ["HARM_BLOCK_METHOD_UNSPECIFIED", "SEVERITY", "PROBABILITY"],
        )
        e["PhishBlockThreshold"] = Enum(
            "From which confidence a risky site is blocked from search results.",
            tool,
            [
                "PHISH_BLOCK_THRESHOLD_UNSPECIFIED",
                "BLOCK_LOW_AND_ABOVE",
                "BLOCK_MEDIUM_AND_ABOVE",
                "BLOCK_HIGH_AND_ABOVE",
                "BLOCK_HIGHER_AND_ABOVE",
                "BLOCK_VERY_HIGH_AND_ABOVE",
                "BLOCK_ONLY_EXTREMELY_HIGH",
            ],
        )
        e["PersonGeneration"] = Enum(
            "Whether generated images may show people.",
            gen,
            ["PERSON_GENERATION_UNSPECIFIED", "ALLOW_ALL", "ALLOW_ADULT", "ALLOW_NONE"],
        )
        e["ModelRoutingPreference"] = Enum(
            "What automatic model routing favours.",
            gen,
            ["UNKNOWN", "PRIORITIZE_QUALITY", "BALANCED", "PRIORITIZE_COST"],
        )
        e["MediaResolutionLevel"] = Enum(
            "How many tokens one input part is sampled with; ULTRA_HIGH is for images only.",
            cache,
            [
                "MEDIA_RESOLUTION_UNSPECIFIED",
                "MEDIA_RESOLUTION_LOW",
                "MEDIA_RESOLUTION_MEDIUM",
                "MEDIA_RESOLUTION_HIGH",
                "MEDIA_RESOLUTION_ULTRA_HIGH",
            ],
        )
    return e


# The kinds of data a Part holds: exactly one per part.
PART_DATA = [
    "text",
    "inlineData",
    "fileData",
    "functionCall",
    "functionResponse",
    "executableCode",
    "codeExecutionResult",
]


def messages(api):
    """The messages of `api` ("gemini" or "vertex"), by definition name."""
    g = api == "gemini"
    v = not g

    def src(gemini_page, gemini_proto, vertex_page, vertex_proto):
        return sources(api, gemini_page, gemini_proto, vertex_page, vertex_proto)

    request = src(
        "generate-content#request-body",
        "generative_service.proto",
        "projects.locations.endpoints/generateContent",
        "prediction_service.proto",
    )
    content = src("caching#Content", "content.proto", "Content", "content.proto")
    part = src("caching#Part", "content.proto", "Content#Part", "content.proto")
    tool = src("caching#Tool", "content.proto", "Tool", "tool.proto")
    gen = src("generate-content#v1beta.GenerationConfig", "generative_service.proto", "GenerationConfig", "content.proto")
    safety = src("generate-content#v1beta.SafetySetting", "safety.proto", "SafetySetting", "content.proto")
    schema_src = src("caching#Schema", "content.proto", "Schema", "openapi.proto")

    m = {}

    m["GenerateContentRequest"] = Message(
        "A GenerateContentRequest: the conversation so far (contents) and the settings of the generation. "
        "Keys in snake_case are read as their camelCase forms.",
        request,
        [
            F(
                "model",
                string(minLength=1),
                "The model; the batch job names it, so a line may leave it out"
                + (" (format models/{model})." if g else "."),
            ),
            F(
                "contents",
                array(ref("Content"), minItems=1),
                "The conversation: one Content for a single question, the whole history for a chat.",
                required=True,
            ),
            F(
                "systemInstruction",
                ref("SystemInstruction"),
                "The system instruction: one Content object (not an array), text parts only.",
            ),
            F("tools", array(ref("Tool")), "The tools the model may use: functions, search, code execution…"),
            F("toolConfig", ref("ToolConfig"), "How the model uses the tools."),
            F(
                "safetySettings",
                array(ref("SafetySetting")),
                "Blocking thresholds by harm category, at most one per category.",
            ),
            F("generationConfig", ref("GenerationConfig"), "Sampling, length, output format and thinking settings."),
            F(
                "cachedContent",
                string(minLength=1),
                "The name of a context cache to answer from: "
                + ("cachedContents/{id}." if g else "projects/{project}/locations/{location}/cachedContents/{id}."),
            ),
            *(
                [
                    F(
                        "labels",
                        {**string_map(string(maxLength=63)), "propertyNames": {"minLength": 1, "maxLength": 63}},
                        "Your labels for billing and reporting: keys and values of at most 63 characters "
                        "(lower-case letters, digits, underscores and dashes; keys start with a letter).",
                    ),
                    F(
                        "modelArmorConfig",
                        ref("ModelArmorConfig"),
                        "Model Armor templates that screen the prompt and the response; excludes safetySettings.",
                    ),
                ]
                if v
                else []
            ),
        ],
        exclusive=[["safetySettings", "modelArmorConfig"]] if v else [],
    )

    m["Content"] = Message(
        "One turn of the conversation: who speaks (role) and what (parts).",
        content,
        [
            F(
                "role",
                {"enum": ["user", "model"]},
                "Who produced the content: user or model. May be left out in a single-turn request.",
            ),
            F("parts", array(ref("Part"), minItems=1), "The parts of the turn, in order.", required=True),
        ],
    )
    m["SystemInstruction"] = Message(
        "The system instruction, a Content of text parts; its role is not used.",
        content,
        [
            F("role", string(), "Not used for a system instruction."),
            F("parts", array(ref("Part"), minItems=1), "The parts of the instruction, in order.", required=True),
        ],
    )

    m["Part"] = Message(
        "One part of a turn: exactly one of text, inlineData, fileData, functionCall, functionResponse, "
        "executableCode or codeExecutionResult, with optional metadata.",
        part,
        [
            F("text", string(), "Text."),
            F("inlineData", ref("Blob"), "Media given inline, base64-encoded."),
            F("fileData", ref("FileData"), "Media given by URI."),
            F("functionCall", ref("FunctionCall"), "A function call the model made (in a model turn)."),
            F("functionResponse", ref("FunctionResponse"), "The result of a function call, sent back to the model."),
            F("executableCode", ref("ExecutableCode"), "Code the model generated for execution."),
            F("codeExecutionResult", ref("CodeExecutionResult"), "The result of executing that code."),
            F("thought", boolean(), "Whether the part is a thought of the model."),
            F(
                "thoughtSignature",
                base64(),
                "The opaque signature of a thought, returned by the model and sent back as it was.",
            ),
            F("videoMetadata", ref("VideoMetadata"), "Which part of a video to use, and at what frame rate."),
            *([F("partMetadata", struct(), "Your own metadata for the part.")] if g else []),
            *(
                [F("mediaResolution", ref("PartMediaResolution"), "The token resolution of this part's media.")]
                if v
                else []
            ),
        ],
        exclusive=[PART_DATA],
        need_one=True,
    )
    if v:
        m["PartMediaResolution"] = Message(
            "The media resolution of one part.",
            part,
            [F("level", ref("MediaResolutionLevel"), "The resolution level.")],
        )

    m["Blob"] = Message(
        "Media bytes given inline.",
        part,
        [
            F("mimeType", string(minLength=1), "The IANA MIME type of the data, e.g. image/png.", required=True),
            F("data", base64(), "The bytes, base64-encoded.", required=True),
        ],
    )
    m["FileData"] = Message(
        "Media given by URI: a File API URI"
        + (" (https://generativelanguage.googleapis.com/…)." if g else ", a gs:// URI or an https:// URL."),
        part,
        [
            F(
                "mimeType",
                string(minLength=1),
                "The IANA MIME type of the file" + (" (optional)." if g else "."),
                required=v,
            ),
            F("fileUri", string(minLength=1), "The URI of the file.", required=True),
        ],
    )
    m["VideoMetadata"] = Message(
        "Which part of a video is used, and how densely it is sampled.",
        part,
        [
            F("startOffset", duration(), 'Where the clip starts, e.g. "10s".'),
            F("endOffset", duration(), 'Where the clip ends, e.g. "70.5s".'),
            F("fps", number(exclusiveMinimum=0, maximum=24), "Frames sampled per second, above 0 and at most 24."),
        ],
    )

    m["FunctionCall"] = Message(
        "A function call predicted by the model, sent back in the history.",
        part if g else src("", "", "Content#FunctionCall", "tool.proto"),
        [
            *([F("id", string(), "The call's id, matched by the response's id.")] if g else []),
            F("name", string(minLength=1, maxLength=64), "The name of the function.", required=g),
            F("args", struct(), "The arguments, a JSON object."),
            *(
                [
                    F("partialArgs", array(ref("PartialArg")), "Arguments streamed in pieces."),
                    F("willContinue", boolean(), "Whether more parts of this call follow."),
                ]
                if v
                else []
            ),
        ],
    )
    if v:
        m["PartialArg"] = Message(
            "A piece of a streamed function-call argument.",
            src("", "", "Content#PartialArg", "tool.proto"),
            [
                F("nullValue", {"enum": [None, "NULL_VALUE"]}, "A null value."),
                F("numberValue", number(), "A number."),
                F("stringValue", string(), "A string."),
                F("boolValue", boolean(), "A boolean."),
                F("jsonPath", string(minLength=1), 'The JSON path of the argument, e.g. "$.a.b[0]".', required=True),
                F("willContinue", boolean(), "Whether more pieces of this path follow."),
            ],
            exclusive=[["nullValue", "numberValue", "stringValue", "boolValue"]],
        )
    m["FunctionResponse"] = Message(
        "The result of a function call, given back to the model.",
        part if g else src("", "", "Content#FunctionResponse", "tool.proto"),
        [
            *([F("id", string(), "The id of the call this answers.")] if g else []),
            F("name", string(minLength=1, maxLength=64), "The name of the function called.", required=True),
            F(
                "response",
                struct(),
                'The result, a JSON object (by convention under "output", or "error" on failure).',
                required=True,
            ),
            F("parts", array(ref("FunctionResponsePart")), "Media returned by the function."),
            *(
                [
                    F("willContinue", boolean(), "Whether more responses to this call follow (Live API)."),
                    F("scheduling", ref("Scheduling"), "How the response is scheduled (Live API)."),
                ]
                if g
                else []
            ),
        ],
    )
    m["FunctionResponsePart"] = Message(
        "A media part of a function response.",
        part if g else src("", "", "Content#FunctionResponsePart", "tool.proto"),
        [
            F("inlineData", ref("FunctionResponseBlob"), "Media given inline."),
            *([F("fileData", ref("FunctionResponseFileData"), "Media given by URI.")] if v else []),
        ],
        exclusive=[["inlineData", "fileData"]] if v else [],
    )
    m["FunctionResponseBlob"] = Message(
        "Media bytes of a function response.",
        part,
        [
            F("mimeType", string(minLength=1), "The IANA MIME type of the data.", required=True),
            F("data", base64(), "The bytes, base64-encoded.", required=True),
            *([F("displayName", string(), "A label for the data.")] if v else []),
        ],
    )
    if v:
        m["FunctionResponseFileData"] = Message(
            "Media of a function response given by URI.",
            part,
            [
                F("mimeType", string(minLength=1), "The IANA MIME type of the file.", required=True),
                F("fileUri", string(minLength=1), "The URI of the file.", required=True),
                F("displayName", string(), "A label for the file."),
            ],
        )
    m["ExecutableCode"] = Message(
        "Code the model generated for execution.",
        part,
        [
            F("language", ref("Language"), "The language of the code.", required=True),
            F("code", string(), "The code.", required=True),
        ],
    )
    m["CodeExecutionResult"] = Message(
        "The result of executing generated code.",
        part,
        [
            F("outcome", ref("Outcome"), "How the execution ended.", required=True),
            F("output", string(), "The standard output, or the error output on failure."),
        ],
    )

    # -- Generation settings --------------------------------------------------

    m["GenerationConfig"] = Message(
        "Settings of the generation. Not every model supports every setting.",
        gen,
        [
            F("temperature", number(minimum=0, maximum=2), "Randomness of sampling, from 0 to 2."),
            F("topP", number(minimum=0, maximum=1), "Nucleus sampling: the cumulative probability, from 0 to 1."),
            F(
                "topK",
                {"type": "integer", "minimum": 0, "maximum": INT32_MAX} if g else number(minimum=0),
                "Top-k sampling: how many likely tokens are considered"
                + (" (an integer)." if g else " (a number in Vertex AI's definition)."),
            ),
            F("candidateCount", int32(1), "How many candidates to return (1 if not set)."),
            F("maxOutputTokens", int32(1), "The most tokens a candidate may have."),
            F(
                "stopSequences",
                array(string(), **({"maxItems": 5} if g else {})),
                "Strings that stop generation" + (", at most 5." if g else "."),
            ),
            F("seed", int32(), "The seed of sampling."),
            F(
                "responseMimeType",
                string(minLength=1),
                "The MIME type of the output: text/plain (default), application/json, text/x.enum…",
            ),
            F(
                "responseSchema",
                ref("Schema"),
                "The shape of JSON output, in the OpenAPI schema subset; needs a responseMimeType.",
            ),
            *(
                [
                    F(
                        "_responseJsonSchema",
                        any_value(),
                        "The shape of JSON output as a JSON Schema (the field response_json_schema).",
                        proto="response_json_schema",
                    ),
                    F(
                        "responseJsonSchema",
                        any_value(),
                        "The shape of JSON output as a JSON Schema; excludes responseSchema, needs a responseMimeType.",
                        proto="response_json_schema_ordered",
                    ),
                ]
                if g
                else [
                    F(
                        "responseJsonSchema",
                        any_value(),
                        "The shape of JSON output as a JSON Schema; excludes responseSchema, needs a responseMimeType.",
                    )
                ]
            ),
            F(
                "presencePenalty",
                number(),
                "Penalty on tokens already used, the same however often (negative values encourage them).",
            ),
            F("frequencyPenalty", number(), "Penalty on tokens already used, growing with each use."),
            F("responseLogprobs", boolean(), "Whether the response carries log probabilities."),
            F("logprobs", int32(0, 20), "How many top log probabilities to return per step, 0 to 20."),
            *([F("enableEnhancedCivicAnswers", boolean(), "Enhanced civic answers, where available.")] if g else []),
            F(
                "responseModalities",
                array(ref("Modality")),
                "The kinds of output the response must have, e.g. [TEXT, IMAGE].",
            ),
            F("speechConfig", ref("SpeechConfig"), "Settings of speech output."),
            F("thinkingConfig", ref("ThinkingConfig"), "Settings of thinking, for models that think."),
            F("imageConfig", ref("ImageConfig"), "Settings of image output."),
            F("mediaResolution", ref("MediaResolution"), "The token resolution of input media."),
            *(
                [
                    F("routingConfig", ref("RoutingConfig"), "Routing of the request to a model."),
                    F("audioTimestamp", boolean(), "Whether audio timestamps are given to the model."),
                ]
                if v
                else []
            ),
        ],
        exclusive=[["responseSchema", "responseJsonSchema", "_responseJsonSchema"] if g else ["responseSchema", "responseJsonSchema"]],
    )
    m["ThinkingConfig"] = Message(
        "Settings of thinking. thinkingLevel (Gemini 3) and thinkingBudget (Gemini 2.5) exclude each other.",
        gen,
        [
            F("includeThoughts", boolean(), "Whether thought summaries are returned."),
            F(
                "thinkingBudget",
                int32(-1),
                "Thinking tokens: 0 turns thinking off where allowed, -1 lets the model decide.",
            ),
            F("thinkingLevel", ref("ThinkingLevel"), "How much the model thinks."),
        ],
        exclusive=[["thinkingBudget", "thinkingLevel"]],
    )
    m["SpeechConfig"] = Message(
        "Settings of speech output: one voice, or several speakers.",
        gen,
        [
            F("voiceConfig", ref("VoiceConfig"), "The voice, for one speaker."),
            F("multiSpeakerVoiceConfig", ref("MultiSpeakerVoiceConfig"), "The voices, for several speakers."),
            F("languageCode", string(minLength=1), 'The BCP 47 language of the speech, e.g. "en-US".'),
        ],
        exclusive=[["voiceConfig", "multiSpeakerVoiceConfig"]],
    )
    m["VoiceConfig"] = Message(
        "A voice.",
        gen,
        [
            F("prebuiltVoiceConfig", ref("PrebuiltVoiceConfig"), "A prebuilt voice."),
            *([F("replicatedVoiceConfig", ref("ReplicatedVoiceConfig"), "A voice copied from a sample.")] if v else []),
        ],
        exclusive=[["prebuiltVoiceConfig", "replicatedVoiceConfig"]] if v else [],
    )
    m["PrebuiltVoiceConfig"] = Message(
        "A prebuilt voice.", gen, [F("voiceName", string(minLength=1), 'The name of the voice, e.g. "Kore".')]
    )
    if v:
        m["ReplicatedVoiceConfig"] = Message(
            "A voice replicated from an audio sample.",
            gen,
            [
                F("mimeType", string(), "The MIME type of the sample; audio/wav, the only one supported."),
                F("voiceSampleAudio", base64(), "The sample, base64-encoded."),
            ],
        )
    m["MultiSpeakerVoiceConfig"] = Message(
        "The voices of several speakers.",
        gen,
        [
            F(
                "speakerVoiceConfigs",
                array(ref("SpeakerVoiceConfig"), **({"minItems": 2, "maxItems": 2} if v else {"minItems": 1})),
                "One voice per speaker" + (", exactly two." if v else "."),
                required=True,
            )
        ],
    )
    m["SpeakerVoiceConfig"] = Message(
        "The voice of one speaker.",
        gen,
        [
            F("speaker", string(minLength=1), "The speaker's name, as used in the prompt.", required=True),
            F("voiceConfig", ref("VoiceConfig"), "The speaker's voice.", required=True),
        ],
    )
    m["ImageConfig"] = Message(
        "Settings of image output.",
        gen,
        [
            F(
                "aspectRatio",
                string(pattern="^[0-9]+:[0-9]+$"),
                'The aspect ratio of generated images, e.g. "16:9".',
            ),
            F("imageSize", string(minLength=1), 'The size of generated images, e.g. "1K", "2K" or "4K".'),
            *(
                [
                    F("imageOutputOptions", ref("ImageOutputOptions"), "The format of generated images."),
                    F("personGeneration", ref("PersonGeneration"), "Whether images may show people."),
                ]
                if v
                else []
            ),
        ],
    )
    if v:
        m["ImageOutputOptions"] = Message(
            "The file format of generated images.",
            gen,
            [
                F("mimeType", string(minLength=1), "The image format, e.g. image/jpeg."),
                F("compressionQuality", int32(0, 100), "The compression quality, 0 to 100."),
            ],
        )
        m["RoutingConfig"] = Message(
            "How the request is routed to a model: automatically or to a named model.",
            gen,
            [
                F("autoMode", ref("AutoRoutingMode"), "Automatic routing."),
                F("manualMode", ref("ManualRoutingMode"), "Routing to a named model."),
            ],
            exclusive=[["autoMode", "manualMode"]],
        )
        m["AutoRoutingMode"] = Message(
            "Automatic routing.",
            gen,
            [F("modelRoutingPreference", ref("ModelRoutingPreference"), "What routing favours.")],
        )
        m["ManualRoutingMode"] = Message(
            "Routing to a named model.", gen, [F("modelName", string(minLength=1), "The model, e.g. gemini-2.5-flash.")]
        )
        m["ModelArmorConfig"] = Message(
            "Model Armor templates.",
            safety,
            [
                F("promptTemplateName", string(minLength=1), "The template that screens the prompt."),
                F("responseTemplateName", string(minLength=1), "The template that screens the response."),
            ],
        )

    m["SafetySetting"] = Message(
        "The blocking threshold of one harm category.",
        safety,
        [
            F("category", ref("HarmCategory"), "The harm category.", required=True),
            F("threshold", ref("HarmBlockThreshold"), "From which probability content is blocked.", required=True),
            *([F("method", ref("HarmBlockMethod"), "Whether probability or severity is compared.")] if v else []),
        ],
    )

    # -- Tools ------------------------------------------------------------------

    m["Tool"] = Message(
        "A tool the model may use; usually one kind per Tool object.",
        tool,
        [
            F(
                "functionDeclarations",
                array(ref("FunctionDeclaration"), **({} if g else {"maxItems": 128})),
                "Functions the model may call" + ("." if g else ", at most 128."),
            ),
            F(
                "googleSearchRetrieval",
                ref("GoogleSearchRetrieval"),
                "Search grounding of the Gemini 1.5 models; later models use googleSearch. Still accepted.",
            ),
            F("codeExecution", ref("CodeExecution"), "Lets the model run the code it writes ({})."),
            F("googleSearch", ref("GoogleSearch"), "Grounding with Google Search."),
            F("computerUse", ref("ComputerUse"), "Lets the model operate a computer."),
            F("urlContext", ref("UrlContext"), "Lets the model read the URLs in the prompt ({})."),
            F("googleMaps", ref("GoogleMaps"), "Grounding with Google Maps."),
            *(
                [F("fileSearch", ref("FileSearch"), "Retrieval from File Search stores.")]
                if g
                else [
                    F("retrieval", ref("Retrieval"), "Retrieval from Vertex AI Search or a RAG corpus."),
                    F("enterpriseWebSearch", ref("EnterpriseWebSearch"), "Grounding with Web Grounding for Enterprise."),
                    F("parallelAiSearch", ref("ParallelAiSearch"), "Grounding with Parallel.ai search."),
                    F("exaAiSearch", ref("ExaAiSearch"), "Grounding with Exa.ai search."),
                ]
            ),
        ],
    )
    m["FunctionDeclaration"] = Message(
        "A function the model may call: its name, what it does, and its parameters "
        "(parameters and parametersJsonSchema exclude each other, as do response and responseJsonSchema).",
        tool,
        [
            F(
                "name",
                string(pattern="^[A-Za-z0-9_:.-]{1,64}$" if g else "^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$"),
                "The function's name: "
                + (
                    "letters, digits, underscores, colons, dots and dashes, at most 64."
                    if g
                    else "a letter or underscore, then letters, digits, underscores, dots and dashes; at most 64."
                ),
                required=True,
            ),
            F("description", string(), "What the function does; the model decides from it when to call it."),
            F("parameters", ref("Schema"), "The parameters, in the OpenAPI schema subset (type OBJECT)."),
            F("parametersJsonSchema", any_value(), "The parameters as a JSON Schema."),
            F("response", ref("Schema"), "The function's result, in the OpenAPI schema subset."),
            F("responseJsonSchema", any_value(), "The function's result as a JSON Schema."),
            *([F("behavior", ref("Behavior"), "Blocking or not (Live API only).")] if g else []),
        ],
        exclusive=[["parameters", "parametersJsonSchema"], ["response", "responseJsonSchema"]],
    )
    m["GoogleSearchRetrieval"] = Message(
        "Search grounding of the Gemini 1.5 models.",
        tool,
        [F("dynamicRetrievalConfig", ref("DynamicRetrievalConfig"), "When the search runs.")],
    )
    m["DynamicRetrievalConfig"] = Message(
        "When retrieval runs.",
        tool,
        [
            F("mode", ref("DynamicRetrievalMode"), "Always, or when the model decides."),
            F("dynamicThreshold", number(), "The threshold of dynamic retrieval."),
        ],
    )
    m["CodeExecution"] = Message("Code execution: an empty object.", tool, [])
    m["UrlContext"] = Message("URL context: an empty object.", tool, [])
    m["GoogleSearch"] = Message(
        "Grounding with Google Search.",
        tool,
        (
            [F("timeRangeFilter", ref("Interval"), "Only results from this time range (both ends set).")]
            if g
            else [
                F("excludeDomains", array(string()), "Domains left out of the results."),
                F("blockingConfidence", ref("PhishBlockThreshold"), "From which confidence risky sites are blocked."),
            ]
        ),
    )
    m["ComputerUse"] = Message(
        "Computer use.",
        tool,
        [
            F("environment", ref("Environment"), "What is operated, a web browser.", required=True),
            F("excludedPredefinedFunctions", array(string()), "Predefined actions the model may not use."),
        ],
    )
    m["GoogleMaps"] = Message(
        "Grounding with Google Maps.",
        tool,
        [F("enableWidget", boolean(), "Whether the response carries a token for the Maps widget.")],
    )
    if g:
        m["Interval"] = Message(
            "A time range, as RFC 3339 timestamps.",
            tool,
            [
                F("startTime", timestamp(), 'The start, e.g. "2025-01-01T00:00:00Z".'),
                F("endTime", timestamp(), "The end."),
            ],
        )
        m["FileSearch"] = Message(
            "Retrieval from File Search stores. The reference names the stores in fileSearchStoreNames; "
            "the proto's retrievalResources form is accepted too.",
            tool,
            [
                F("fileSearchStoreNames", array(string(minLength=1)), 'The stores, "fileSearchStores/{id}".'),
                F("metadataFilter", string(), "A filter on the documents' metadata."),
                F("topK", int32(1), "How many chunks to retrieve."),
                F("retrievalResources", array(ref("RetrievalResource")), "The stores, in the proto's form."),
                F("retrievalConfig", ref("FileSearchRetrievalConfig"), "Retrieval settings, in the proto's form."),
            ],
        )
        m["RetrievalResource"] = Message(
            "A File Search store.",
            tool,
            [F("ragStoreName", string(minLength=1), "The store's name.", required=True)],
        )
        m["FileSearchRetrievalConfig"] = Message(
            "Settings of File Search retrieval.",
            tool,
            [
                F("topK", int32(1), "How many chunks to retrieve."),
                F("metadataFilter", string(), "A filter on the documents' metadata."),
            ],
        )
    else:
        m["Retrieval"] = Message(
            "Retrieval from one source: Vertex AI Search or a Vertex RAG store.",
            tool,
            [
                F("vertexAiSearch", ref("VertexAISearch"), "A Vertex AI Search data store or engine."),
                F("vertexRagStore", ref("VertexRagStore"), "A Vertex RAG Engine corpus."),
                F("disableAttribution", boolean(), "Deprecated and no longer used; still accepted."),
            ],
            exclusive=[["vertexAiSearch", "vertexRagStore"]],
        )
        m["VertexAISearch"] = Message(
            "A Vertex AI Search data store or engine (not both).",
            tool,
            [
                F("datastore", string(), "The data store's full resource name."),
                F("engine", string(), "The engine's full resource name."),
                F("maxResults", int32(1, 10), "Results per query, at most 10."),
                F("filter", string(), "A filter passed to the search."),
                F("dataStoreSpecs", array(ref("DataStoreSpec")), "The data stores of an engine to search."),
            ],
            exclusive=[["datastore", "engine"]],
        )
        m["DataStoreSpec"] = Message(
            "A data store of an engine, with its filter.",
            tool,
            [
                F("dataStore", string(), "The data store's full resource name."),
                F("filter", string(), "A filter on its documents."),
            ],
        )
        m["VertexRagStore"] = Message(
            "A Vertex RAG Engine corpus.",
            tool,
            [
                F("ragResources", array(ref("RagResource")), "The corpus, or files of one corpus."),
                F("similarityTopK", int32(), "Deprecated (use ragRetrievalConfig.topK); still accepted."),
                F("vectorDistanceThreshold", number(), "Deprecated (use ragRetrievalConfig.filter); still accepted."),
                F("ragRetrievalConfig", ref("RagRetrievalConfig"), "Retrieval settings."),
            ],
        )
        m["RagResource"] = Message(
            "A RAG corpus, or some of its files.",
            tool,
            [
                F("ragCorpus", string(), "The corpus's full resource name."),
                F("ragFileIds", array(string()), "Files of that corpus."),
            ],
        )
        m["RagRetrievalConfig"] = Message(
            "Settings of RAG retrieval.",
            tool,
            [
                F("topK", int32(), "How many contexts to retrieve."),
                F("filter", ref("RagFilter"), "Which contexts are kept."),
                F("ranking", ref("RagRanking"), "How contexts are ranked."),
            ],
        )
        m["RagFilter"] = Message(
            "Which RAG contexts are kept.",
            tool,
            [
                F("vectorDistanceThreshold", number(), "Keep contexts nearer than this."),
                F("vectorSimilarityThreshold", number(), "Keep contexts more similar than this."),
                F("metadataFilter", string(), "A filter on metadata."),
            ],
            exclusive=[["vectorDistanceThreshold", "vectorSimilarityThreshold"]],
        )
        m["RagRanking"] = Message(
            "How RAG contexts are ranked: by the rank service or by an LLM.",
            tool,
            [
                F("rankService", ref("RankService"), "The rank service."),
                F("llmRanker", ref("LlmRanker"), "An LLM."),
            ],
            exclusive=[["rankService", "llmRanker"]],
        )
        m["RankService"] = Message(
            "The rank service.", tool, [F("modelName", string(), 'The ranking model, e.g. "semantic-ranker-512@latest".')]
        )
        m["LlmRanker"] = Message("An LLM ranker.", tool, [F("modelName", string(), "The ranking model.")])
        m["EnterpriseWebSearch"] = Message(
            "Web Grounding for Enterprise.",
            tool,
            [
                F("excludeDomains", array(string()), "Domains left out of the results."),
                F("blockingConfidence", ref("PhishBlockThreshold"), "From which confidence risky sites are blocked."),
            ],
        )
        m["ParallelAiSearch"] = Message(
            "Grounding with Parallel.ai search.",
            tool,
            [
                F("apiKey", string(), "The Parallel.ai API key, if no Marketplace subscription is used."),
                F("customConfigs", struct(), "Parameters passed to the Parallel.ai search API."),
            ],
        )
        m["ExaAiSearch"] = Message(
            "Grounding with Exa.ai search.",
            tool,
            [
                F("apiKey", string(minLength=1), "The Exa.ai API key.", required=True),
                F("customConfigs", struct(), "Parameters passed to the Exa.ai search API."),
            ],
        )

    m["ToolConfig"] = Message(
        "How the model uses the tools.",
        tool,
        [
            F("functionCallingConfig", ref("FunctionCallingConfig"), "How the model calls functions."),
            F("retrievalConfig", ref("RetrievalConfig"), "The user's location and language, for retrieval."),
        ],
    )
    m["FunctionCallingConfig"] = Message(
        "How the model calls functions.",
        tool,
        [
            F("mode", ref("FunctionCallingMode"), "AUTO, ANY, NONE or VALIDATED."),
            F("allowedFunctionNames", array(string()), "The functions the model may call (with ANY or VALIDATED)."),
            *(
                [F("streamFunctionCallArguments", boolean(), "Whether call arguments are streamed in parts.")]
                if v
                else []
            ),
        ],
    )
    m["RetrievalConfig"] = Message(
        "The user's location and language, for retrieval.",
        tool,
        [
            F("latLng", ref("LatLng"), "The user's location."),
            F("languageCode", string(), 'The user\'s BCP 47 language, e.g. "en-US".'),
        ],
    )
    m["LatLng"] = Message(
        "A point on Earth in degrees.",
        tool,
        [
            F("latitude", number(minimum=-90, maximum=90), "Degrees of latitude, -90 to 90."),
            F("longitude", number(minimum=-180, maximum=180), "Degrees of longitude, -180 to 180."),
        ],
    )

    # -- The OpenAPI schema subset ----------------------------------------------

    m["Schema"] = Message(
        "A data type in the OpenAPI 3.0 schema subset the API reads (responseSchema, function parameters).",
        schema_src,
        [
            F("type", ref("Type"), "The type: STRING, NUMBER, INTEGER, BOOLEAN, ARRAY, OBJECT" + (", NULL." if g else ".")),
            F("format", string(), 'The format of the data, e.g. "int32", "date-time", "enum".'),
            F("title", string(), "The title."),
            F("description", string(), "What the value is."),
            F("nullable", boolean(), "Whether the value may be null."),
            F("enum", array(string()), "The allowed values of a STRING."),
            F("items", ref("Schema"), "The schema of the items of an ARRAY."),
            F("minItems", int64(), "The fewest items of an ARRAY."),
            F("maxItems", int64(), "The most items of an ARRAY."),
            F("properties", string_map(ref("Schema")), "The properties of an OBJECT."),
            F("required", array(string()), "The required properties of an OBJECT."),
            F("minProperties", int64(), "The fewest properties of an OBJECT."),
            F("maxProperties", int64(), "The most properties of an OBJECT."),
            F("minimum", number(), "The least value of a NUMBER or INTEGER."),
            F("maximum", number(), "The greatest value of a NUMBER or INTEGER."),
            F("minLength", int64(), "The shortest STRING."),
            F("maxLength", int64(), "The longest STRING."),
            F("pattern", string(), "A regular expression a STRING must match."),
            F("example", any_value(), "An example value."),
            F("anyOf", array(ref("Schema")), "The value matches at least one of these."),
            F("propertyOrdering", array(string()), "The order of the properties in the output."),
            F("default", any_value(), "The default value."),
            *(
                [
                    F("additionalProperties", any_value(), "Whether, or of what schema, other properties are allowed."),
                    F("ref", string(), 'A reference to a schema of defs, e.g. "#/defs/Pet".'),
                    F("defs", string_map(ref("Schema")), "Named schemas for ref, at the root only."),
                ]
                if v
                else []
            ),
        ],
    )
    return m


# ---------------------------------------------------------------------------
# Generation.


def enum_schema(e):
    # The API reads enum names in either case: Google's function-calling
    # examples write the types "object" and "string", its thinking examples
    # the level "low". Both cases are listed, upper case first.
    values = list(e.values) + [x.lower() for x in e.values if x.lower() != x]
    return {
        "$comment": f"Source: {e.source}",
        "description": e.description + " Upper or lower case.",
        "enum": values,
    }


def field_schema(f):
    return {"description": f.description, **f.schema}


def message_schema(name, msg):
    """The `$defs` entries of a message: the message itself, and one entry per
    field with two spellings (both spellings point to it)."""
    defs = {}
    by_name = {f.name: f for f in msg.fields}
    properties = {}
    required = []
    all_of = []
    dependent = {}
    for f in msg.fields:
        if len(f.spellings()) == 1:
            properties[f.name] = field_schema(f)
            if f.required:
                required.append(f.name)
            continue
        entry = f"{name}.{f.name}"
        defs[entry] = field_schema(f)
        for spelling in f.spellings():
            properties[spelling] = ref(entry)
        dependent[f.proto] = {"properties": {f.name: False}}
        if f.required:
            # Either spelling will do; with neither, the camelCase one is missing.
            all_of.append({"if": {"not": {"required": [f.proto]}}, "then": {"required": [f.name]}})

    def present(names):
        spellings = [s for n in names for s in by_name[n].spellings()]
        if len(spellings) == 1:
            return {"required": spellings}
        return {"anyOf": [{"required": [s]} for s in spellings]}

    for i, group in enumerate(msg.exclusive):
        group = [n for n in group if n in by_name]
        # Each field (in either spelling) forbids the fields after it in the
        # group, in the same idiom: a pair given together is reported once
        # (BL210), at the later field of the group.
        for j, n in enumerate(group[:-1]):
            later = [s for o in group[j + 1 :] for s in by_name[o].spellings()]
            for spelling in by_name[n].spellings():
                forbidden = dependent.setdefault(spelling, {"properties": {}})["properties"]
                forbidden.update({s: False for s in later})
        if i == 0 and msg.need_one:
            all_of.append({"if": {"not": present(group)}, "then": {"required": [group[0]]}})

    schema = {
        "$comment": f"Source: {msg.source}",
        "description": msg.description,
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        schema["required"] = required
    if all_of:
        schema["allOf"] = all_of
    if dependent:
        schema["dependentSchemas"] = dependent
    defs[name] = schema
    return defs


def build(api):
    defs = {}
    for name, e in enums(api).items():
        defs[name] = enum_schema(e)
    for name, msg in messages(api).items():
        for key, value in message_schema(name, msg).items():
            assert key not in defs, key
            defs[key] = value
    check_refs(defs)
    request_note = (
        "The request is checked key by key as a GenerateContentRequest ($defs); keys may be written in "
        "camelCase or snake_case, not both for one field. Generated by tools/schemas/gemini.py from the "
        "API reference and the googleapis protos; do not edit by hand."
    )
    if api == "gemini":
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://batchlint.dev/schemas/gemini.schema.json",
            "title": "Gemini API Batch Mode: one line of the input file",
            "description": "One request of a JSONL input file uploaded through the File API: {key, request}, where key "
            "is your label for the request and request a GenerateContentRequest (the model is named on the batch "
            "job). " + request_note + " Sources: the Gemini Batch API guide and the Gemini API reference "
            "(see docs/profiles.md).",
            "type": "object",
            "required": ["key", "request"],
            "additionalProperties": False,
            "properties": {
                "key": {
                    "description": "Your label for the request, used in the output to say which result is whose. "
                    "The documentation does not say it must be unique.",
                    "type": "string",
                },
                "request": {
                    "description": "A GenerateContentRequest: contents, and optionally systemInstruction, "
                    "generationConfig, safetySettings, tools, toolConfig, cachedContent.",
                    "$ref": "#/$defs/GenerateContentRequest",
                },
            },
            "$defs": defs,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://batchlint.dev/schemas/vertex.schema.json",
        "title": "Vertex AI batch inference for Gemini (Cloud Storage input): one line of the input file",
        "description": "One request of a JSONL input file in Cloud Storage: {request}, where request is a Vertex AI "
        "GenerateContentRequest (contents, generationConfig, …; the model is named on the batch job). "
        + request_note
        + " Sources: the Vertex AI batch prediction guide and the Vertex AI API reference (see docs/profiles.md).",
        "type": "object",
        "required": ["request"],
        "additionalProperties": False,
        "properties": {
            "request": {
                "description": "A GenerateContentRequest: contents, and optionally systemInstruction, "
                "generationConfig, safetySettings, tools, toolConfig, cachedContent, labels.",
                "$ref": "#/$defs/GenerateContentRequest",
            },
        },
        "$defs": defs,
    }


def check_refs(defs):
    """Every `$ref` names a definition."""

    def walk(node):
        if isinstance(node, dict):
            target = node.get("$ref")
            if isinstance(target, str):
                name = target.removeprefix("#/$defs/")
                if name not in defs:
                    raise SystemExit(f"gemini.py: {target} is not defined")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(defs)


def render(api):
    return json.dumps(build(api), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a schema on disk differs from the generated one")
    args = parser.parse_args()
    stale = []
    for api, path in OUTPUTS.items():
        text = render(api)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path.relative_to(ROOT))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        for path in stale:
            print(f"{path} is not what tools/schemas/gemini.py writes; run it to regenerate", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
