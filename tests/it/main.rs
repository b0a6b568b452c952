//! The integration tests, in one binary (one link of the crate instead of
//! one per file): each module runs the real `batchlint` binary, or the
//! library, on the fixtures of `testdata/`. `tests/precommit.rs` (slow,
//! run by CI with `--ignored`) and `tests/readme_snippet.rs` stay apart.

#[path = "../common/mod.rs"]
mod common;

mod bodies;
mod check;
mod commands;
mod config;
mod config_keys;
mod conformance;
mod faults;
mod fix;
mod input;
mod interrupt;
mod library;
mod no_network;
mod options;
mod pipe;
mod profiles;
mod reader;
mod rules;
mod split;
mod split_plan;
mod statistics;
mod terminal_safety;
