//! Each built-in profile checks the request bodies of its batch API key by
//! key: the providers' documented example requests are clean, and the
//! typical mistakes get their codes at their places. One module per
//! provider; each runs the real binary.

mod anthropic;
mod gemini;
mod openai;
mod openai_compatible;
