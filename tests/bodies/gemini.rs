//! The `gemini` and `vertex` profiles check a request as a
//! `GenerateContentRequest`.
