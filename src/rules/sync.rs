//! Cross-field rules of the sync.so generation request (`BL301`–`BL307`).
//!
//! Each rule runs only where the fields it reads have the expected types; a
//! wrong type is the schema's diagnostic, not a second one here.

use serde_json::Value;

use super::{Record, RecordNode};
use crate::codes::cross_field;
use crate::diagnostic::{LineDiagnostics, Severity};
use crate::suggest::did_you_mean;

/// The model ids `schema` (a sync line schema) accepts as `payload.model`:
/// the schema is the one place they are written.
pub(crate) fn models(schema: &Value) -> impl Iterator<Item = &str> {
    let models = schema.pointer("/$defs/payload/properties/model/enum").and_then(Value::as_array);
    models.into_iter().flatten().filter_map(Value::as_str)
}

/// The model that takes image inputs (`BL303`).
const IMAGE_MODEL: &str = "sync-3";
/// The model that takes the [`REACT_OPTIONS`] (`BL304`).
const REACT_MODEL: &str = "react-1";
/// The options only the [`REACT_MODEL`] takes.
pub(crate) const REACT_OPTIONS: [&str; 2] = ["model_mode", "prompt"];

/// Whether an input of type `kind` is the visual one (`BL301`).
pub(crate) fn is_visual(kind: &str) -> bool {
    matches!(kind, "video" | "image")
}

/// Whether an input of type `kind` gives the voice (`BL302`).
pub(crate) fn is_voiced(kind: &str) -> bool {
    matches!(kind, "audio" | "text")
}

/// Whether an input of type `kind` is an image (`BL303`).
pub(crate) fn is_image(kind: &str) -> bool {
    kind == "image"
}

/// Whether an input of type `kind` names its file by `url` or `assetId` (`BL305`).
pub(crate) fn needs_media_source(kind: &str) -> bool {
    matches!(kind, "video" | "audio" | "image")
}

/// Whether `model` takes image inputs (`BL303`).
pub(crate) fn takes_images(model: &str) -> bool {
    model == IMAGE_MODEL
}

/// Whether `model` takes the [`REACT_OPTIONS`] (`BL304`).
pub(crate) fn takes_react_options(model: &str) -> bool {
    model == REACT_MODEL
}

/// An input item's `type`.
fn kind<'a, N: RecordNode<'a>>(item: N) -> Option<&'a str> {
    item.get("type")?.as_str()
}

/// Applies every sync rule to the record whose root is `root`.
pub(crate) fn check<'a, N: RecordNode<'a>>(record: &Record<'_, '_>, root: N, out: &mut LineDiagnostics) {
    let Some(payload) = root.get("payload").filter(|p| p.is_object()) else { return };
    // Rules that depend on the model run only for a known model: an unknown
    // one is already the schema's diagnostic, and guessing would cascade.
    let model = payload.get("model").and_then(N::as_str).filter(|m| models(record.schema).any(|known| known == *m));
    let inputs: Vec<N> = payload.get("input").and_then(N::elements).map_or_else(Vec::new, Iterator::collect);

    if payload.get("input").is_some_and(N::is_array) {
        input_counts(record, payload, &inputs, out);
    }
    for (i, &item) in inputs.iter().enumerate() {
        let pointer = format!("/payload/input/{i}");
        let Some(kind) = kind(item) else { continue };
        if is_image(kind)
            && let Some(m) = model.filter(|m| !takes_images(m))
        {
            out.add(Severity::Error, || {
                record.at_value(&format!("{pointer}/type"), cross_field::image_needs_model(IMAGE_MODEL, m))
            });
        }
        if needs_media_source(kind) {
            media_source(record, item, &pointer, out);
        }
    }
    if let Some(options) = payload.get("options").filter(|o| o.is_object())
        && let Some(m) = model.filter(|m| !takes_react_options(m))
    {
        for key in REACT_OPTIONS {
            if options.get(key).is_some() {
                out.add(Severity::Error, || {
                    record.at_key("/payload/options", key, cross_field::react_only_option(key, REACT_MODEL, m))
                });
            }
        }
    }
    if let Some(segments) = payload.get("segments").and_then(N::elements) {
        segment_rules(record, &inputs, segments, out);
    }
}

/// `BL301` and `BL302`: one visual input, at least one audio or text input.
fn input_counts<'a, N: RecordNode<'a>>(record: &Record<'_, '_>, payload: N, inputs: &[N], out: &mut LineDiagnostics) {
    let visual: Vec<usize> = (0..inputs.len()).filter(|&i| kind(inputs[i]).is_some_and(is_visual)).collect();
    match visual.as_slice() {
        [] => out.add(Severity::Error, || record.at_start("/payload/input", cross_field::no_visual_input(IMAGE_MODEL))),
        [_] => {}
        [_, rest @ ..] => {
            for &i in rest {
                out.add(Severity::Error, || {
                    record.at_value(&format!("/payload/input/{i}"), cross_field::extra_visual_input(visual.len()))
                });
            }
        }
    }
    let dubbing = payload.get("dubParams").is_some() || payload.get("dialogueEdit").is_some();
    let voiced = inputs.iter().any(|&v| kind(v).is_some_and(is_voiced));
    if !dubbing && !voiced {
        out.add(Severity::Error, || record.at_start("/payload/input", cross_field::missing_audio()));
    }
}

/// `BL305`: a media item names its file by exactly one of `url` and `assetId`.
fn media_source<'a, N: RecordNode<'a>>(record: &Record<'_, '_>, item: N, pointer: &str, out: &mut LineDiagnostics) {
    if !item.is_object() {
        return;
    }
    match (item.get("url").is_some(), item.get("assetId").is_some()) {
        (true, true) => {
            out.add(Severity::Error, || record.at_key(pointer, "assetId", cross_field::two_media_sources()))
        }
        (false, false) => out.add(Severity::Error, || record.at_start(pointer, cross_field::no_media_source())),
        _ => {}
    }
}

/// `BL306` and `BL307`: segments refer to existing inputs and have ordered times.
fn segment_rules<'a, N: RecordNode<'a>>(
    record: &Record<'_, '_>,
    inputs: &[N],
    segments: impl Iterator<Item = N>,
    out: &mut LineDiagnostics,
) {
    let ref_ids: Vec<&str> =
        inputs.iter().filter(|&&v| kind(v).is_some_and(is_voiced)).filter_map(|&v| v.get("refId")?.as_str()).collect();
    for (i, segment) in segments.enumerate() {
        let pointer = format!("/payload/segments/{i}");
        if let Some(r) = segment.at(&["audioInput", "refId"]).and_then(N::as_str)
            && !ref_ids.contains(&r)
        {
            out.add(Severity::Error, || {
                let hint = did_you_mean(r, ref_ids.iter().copied());
                let message = cross_field::unresolved_ref_id(r, &ref_ids, hint);
                record.at_value(&format!("{pointer}/audioInput/refId"), message)
            });
        }
        let checks = [(pointer.clone(), Some(segment)), (format!("{pointer}/audioInput"), segment.get("audioInput"))];
        for (base, times) in checks {
            let Some(times) = times else { continue };
            let start = times.get("startTime").and_then(N::as_f64);
            let end = times.get("endTime").and_then(N::as_f64);
            if let (Some(s), Some(e)) = (start, end)
                && s >= e
            {
                out.add(Severity::Error, || {
                    record.at_value(&format!("{base}/endTime"), cross_field::segment_times(s, e))
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;
    use crate::diagnostic::LineRef;

    #[test]
    fn the_models_are_read_from_the_schema() {
        // A schema whose model list moved would leave this empty, and the
        // model-dependent rules would then never run: fail here instead.
        let models: Vec<&str> = models(crate::schema::builtin_document("sync").unwrap()).collect();
        assert!(models.contains(&"lipsync-2") && models.contains(&IMAGE_MODEL) && models.contains(&REACT_MODEL));
    }

    /// The codes the rules find on `line`, and what each points at: the
    /// same whether the record is read from a tape or from a `Value`.
    fn codes(line: &str) -> Vec<(Code, String)> {
        let schema = crate::schema::builtin_document("sync").unwrap();
        let found = |lr: &LineRef<'_>, on_tape: bool| {
            let mut out = LineDiagnostics::new(usize::MAX);
            let value: Value = serde_json::from_str(line).unwrap();
            let tape = crate::tape::Tape::parse(line).unwrap();
            match on_tape {
                true => check(&Record { line: lr, schema }, tape.root(), &mut out),
                false => check(&Record { line: lr, schema }, &value, &mut out),
            }
            out.into_vec(lr)
                .into_iter()
                .map(|d| (d.code, line[d.span.start as usize..d.span.end as usize].to_owned()))
                .collect::<Vec<_>>()
        };
        let tape = crate::tape::Tape::parse(line).unwrap();
        let on_tape = found(&LineRef::new(1, 0, line.as_bytes()).on_tape(&tape), true);
        assert_eq!(on_tape, found(&LineRef::new(1, 0, line.as_bytes()), false), "{line}");
        on_tape
    }

    const VIDEO: &str = r#"{"type":"video","url":"https://v"}"#;
    const AUDIO: &str = r#"{"type":"audio","url":"https://a","refId":"a1"}"#;

    fn rec(model: &str, inputs: &[&str], extra: &str) -> String {
        format!(r#"{{"payload":{{"model":"{model}","input":[{}]{extra}}}}}"#, inputs.join(","))
    }

    #[test]
    fn a_valid_record_passes() {
        assert!(codes(&rec("lipsync-2", &[VIDEO, AUDIO], "")).is_empty());
    }

    #[test]
    fn input_counts() {
        assert_eq!(codes(&rec("lipsync-2", &[AUDIO], ""))[0].0, Code::VisualInputCount);
        let two = codes(&rec("lipsync-2", &[VIDEO, VIDEO, AUDIO], ""));
        assert_eq!(two, vec![(Code::VisualInputCount, VIDEO.to_owned())]);
        assert_eq!(codes(&rec("lipsync-2", &[VIDEO], "")), vec![(Code::MissingAudio, "[".to_owned())]);
        assert!(codes(&rec("lipsync-2", &[VIDEO], r#","dubParams":{}"#)).is_empty());
    }

    #[test]
    fn images_need_sync_3() {
        let img = r#"{"type":"image","url":"https://i"}"#;
        assert_eq!(codes(&rec("lipsync-2", &[img, AUDIO], "")), vec![(Code::ImageNeedsSync3, "\"image\"".to_owned())]);
        assert!(codes(&rec("sync-3", &[img, AUDIO], "")).is_empty());
    }

    #[test]
    fn react_only_options() {
        let opts = r#","options":{"model_mode":"face","prompt":"happy"}"#;
        let found = codes(&rec("lipsync-2", &[VIDEO, AUDIO], opts));
        assert_eq!(
            found,
            vec![
                (Code::ReactOnlyOption, "\"model_mode\"".to_owned()),
                (Code::ReactOnlyOption, "\"prompt\"".to_owned())
            ]
        );
        assert!(codes(&rec("react-1", &[VIDEO, AUDIO], opts)).is_empty());
    }

    #[test]
    fn media_needs_exactly_one_source() {
        let both = r#"{"type":"video","url":"https://v","assetId":"x"}"#;
        assert_eq!(codes(&rec("lipsync-2", &[both, AUDIO], "")), vec![(Code::MediaSource, "\"assetId\"".to_owned())]);
        let none = r#"{"type":"video"}"#;
        assert_eq!(codes(&rec("lipsync-2", &[none, AUDIO], ""))[0].0, Code::MediaSource);
    }

    #[test]
    fn segments_resolve_and_are_ordered() {
        let seg = r#","segments":[{"startTime":2,"endTime":1,"audioInput":{"refId":"a2"}}]"#;
        let found = codes(&rec("lipsync-2", &[VIDEO, AUDIO], seg));
        assert_eq!(found, vec![(Code::UnresolvedRefId, "\"a2\"".to_owned()), (Code::SegmentTimes, "1".to_owned())]);
        let seg = r#","segments":[{"startTime":0,"endTime":1,"audioInput":{"refId":"a1","startTime":3,"endTime":3}}]"#;
        assert_eq!(codes(&rec("lipsync-2", &[VIDEO, AUDIO], seg)), vec![(Code::SegmentTimes, "3".to_owned())]);
    }
}
