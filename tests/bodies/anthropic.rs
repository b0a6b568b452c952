//! The `anthropic` profile checks a request's `params` as a Messages API
//! request body.
