//! `BL3xx`, across fields: the rules of one record that a JSON Schema
//! expresses badly (`src/rules/`).

use super::{Code, Message, Severity, Unit, docs};
use crate::text::printable;

pub(super) const VISUAL_INPUT_COUNT: Unit = Unit {
    code: "BL301",
    name: "visual-input-count",
    severity: Severity::Error,
    summary: "a generation needs exactly one video or image input",
    docs: docs(
        "A generation lip-syncs exactly one video or one image. The API refuses a request with none, or \
         with several: make one request per video.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"video","url":"https://example.com/v2.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
        clean!(1, 1),
    ),
};

/// `payload.input` has no visual input; `image_model` is the one that takes images.
pub(crate) fn no_visual_input(image_model: &str) -> Message {
    Message::new(Code::VisualInputCount, "`payload.input` has no video or image input")
        .label("needs one video or image")
        .help(format!("add one item with `\"type\": \"video\"` (or `\"image\"` with {image_model})"))
}

/// One of the `count` visual inputs past the first.
pub(crate) fn extra_visual_input(count: usize) -> Message {
    Message::new(
        Code::VisualInputCount,
        format!("`payload.input` has {count} video or image inputs; a generation takes exactly one"),
    )
    .label("extra visual input")
    .help("send each video as its own request")
}

pub(super) const MISSING_AUDIO: Unit = Unit {
    code: "BL302",
    name: "missing-audio",
    severity: Severity::Error,
    summary: "a generation needs at least one audio or text input",
    docs: docs(
        "Without an audio input, or a text input to be spoken, there is nothing to lip-sync to, and the \
         API refuses the request. Only `dubParams` (which dubs the video's own audio) and `dialogueEdit` \
         do without one.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"}]}}"#,
        clean!(1, 1),
    ),
};

/// `payload.input` has no audio or text input.
pub(crate) fn missing_audio() -> Message {
    Message::new(Code::MissingAudio, "`payload.input` has no audio or text input")
        .label("needs audio or text")
        .help("add an item with `\"type\": \"audio\"` or a text-to-speech `\"type\": \"text\"`, or use `dubParams`")
}

pub(super) const IMAGE_NEEDS_SYNC_3: Unit = Unit {
    code: "BL303",
    name: "image-needs-sync-3",
    severity: Severity::Error,
    summary: "image inputs are only supported by the sync-3 model",
    docs: docs(
        "Only the `sync-3` model animates a still image; the other models need a video and refuse an \
         image input. Use `sync-3`, or give a video.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"image","url":"https://example.com/face.png"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"sync-3","input":[{"type":"image","url":"https://example.com/face.png"},{"type":"audio","url":"https://example.com/a1.wav"}]}}"#,
    ),
};

/// An image input where the record's `model` is not `image_model`.
pub(crate) fn image_needs_model(image_model: &str, model: &str) -> Message {
    Message::new(
        Code::ImageNeedsSync3,
        format!("image inputs need the `{image_model}` model, and this record uses `{model}`"),
    )
    .label("image input")
    .help(format!("set `model` to `{image_model}`, or give a video input instead"))
}

pub(super) const REACT_ONLY_OPTION: Unit = Unit {
    code: "BL304",
    name: "react-only-option",
    severity: Severity::Error,
    summary: "model_mode and prompt apply only to the react-1 model",
    docs: docs(
        "`options.model_mode` and `options.prompt` steer the `react-1` model; other models refuse them or \
         ignore them, so the output is not what was asked for. Use `react-1`, or remove the option.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"model_mode":"face"}}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"react-1","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav"}],"options":{"model_mode":"face"}}}"#,
    ),
};

/// Option `key`, which only `react_model` takes, where the record's `model` is another.
pub(crate) fn react_only_option(key: &str, react_model: &str, model: &str) -> Message {
    Message::new(
        Code::ReactOnlyOption,
        format!("`{key}` applies only to the `{react_model}` model, and this record uses `{model}`"),
    )
    .label(format!("{react_model} only"))
    .help(format!("remove `{key}`, or set `model` to `{react_model}`"))
}

pub(super) const MEDIA_SOURCE: Unit = Unit {
    code: "BL305",
    name: "media-source",
    severity: Severity::Error,
    summary: "a media input needs exactly one of url and assetId",
    docs: docs(
        "The API fetches each media input either from a `url` or from an uploaded asset (`assetId`). \
         With neither it has nothing to fetch; with both it is unspecified which one wins.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio"}]}}"#,
        clean!(1, 1),
    ),
};

/// A media input with both `url` and `assetId`.
pub(crate) fn two_media_sources() -> Message {
    Message::new(Code::MediaSource, "this input has both `url` and `assetId`")
        .label("second source")
        .help("keep one of `url` and `assetId`")
}

/// A media input with neither `url` nor `assetId`.
pub(crate) fn no_media_source() -> Message {
    Message::new(Code::MediaSource, "this input has neither `url` nor `assetId`")
        .label("no media source")
        .help("add a `url` (https) or the `assetId` of an uploaded asset")
}

pub(super) const UNRESOLVED_REF_ID: Unit = Unit {
    code: "BL306",
    name: "unresolved-ref-id",
    severity: Severity::Error,
    summary: "a segment's refId matches no audio or text input",
    docs: docs(
        "A segment plays the audio or text input whose `refId` it names. When no input has that `refId`, \
         the segment has no audio and the API refuses the request; usually one of the two ids is \
         misspelt.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav","refId":"voice-1"}],"segments":[{"startTime":0,"endTime":4,"audioInput":{"refId":"voice-2"}}]}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav","refId":"voice-1"}],"segments":[{"startTime":0,"endTime":4,"audioInput":{"refId":"voice-1"}}]}}"#,
    ),
};

/// A segment's `ref_id` that none of `known` (the inputs' refIds) is; `hint`
/// is the one it is likely a typo of.
pub(crate) fn unresolved_ref_id(ref_id: &str, known: &[&str], hint: Option<&str>) -> Message {
    let message = Message::new(
        Code::UnresolvedRefId,
        format!("segment refId `{}` matches no audio or text input's `refId`", printable(ref_id)),
    )
    .label("unknown refId");
    match hint {
        Some(h) => message.help(format!("did you mean `{}`?", printable(h))),
        None if known.is_empty() => message.help("give the audio or text input a `refId` and use it here"),
        None => message.help(format!(
            "known refIds: {}",
            known.iter().map(|s| format!("`{}`", printable(s))).collect::<Vec<_>>().join(", ")
        )),
    }
}

pub(super) const SEGMENT_TIMES: Unit = Unit {
    code: "BL307",
    name: "segment-times",
    severity: Severity::Error,
    summary: "a segment's startTime is not before its endTime",
    docs: docs(
        "A segment must start before it ends; an empty or reversed time range is refused. Times are in \
         seconds: a segment written in milliseconds, or with its two times swapped, is the usual cause.",
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav","refId":"voice"}],"segments":[{"startTime":5,"endTime":2.5,"audioInput":{"refId":"voice"}}]}}"#,
        r#"{"request_id":"r1","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://example.com/v1.mp4"},{"type":"audio","url":"https://example.com/a1.wav","refId":"voice"}],"segments":[{"startTime":2.5,"endTime":5,"audioInput":{"refId":"voice"}}]}}"#,
    ),
};

/// A segment (or its audio input) from `start` to `end` seconds, with `end` not after `start`.
pub(crate) fn segment_times(start: f64, end: f64) -> Message {
    Message::new(Code::SegmentTimes, format!("segment ends at {end}s, which is not after its start at {start}s"))
        .label("not after startTime")
        .help("startTime must be smaller than endTime")
}
