//! The `groq`, `together` and `mistral` profiles check the request bodies of
//! the endpoints their batch APIs accept.
