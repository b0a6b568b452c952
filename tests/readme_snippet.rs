//! The README's Rust library snippet (its only ```rust block) is the one in
//! `examples/readme.rs`, byte for byte (that file indents it by four spaces
//! inside `main`), and so is the first ```rust block of `docs/library.md`.
//! `cargo test` builds the example, so together they keep both copies of the
//! snippet compiling. The table of codes in `docs/codes.md` is checked
//! against the code table too.

const README: &str = include_str!("../README.md");
const LIBRARY: &str = include_str!("../docs/library.md");
const CODES: &str = include_str!("../docs/codes.md");
const EXAMPLE: &str = include_str!("../examples/readme.rs");
const BEGIN: &str = "    // README snippet begins\n";
const END: &str = "    // README snippet ends\n";

/// The bodies of a Markdown page's ```rust blocks.
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line == "```rust" => current = Some(String::new()),
            None => {}
            Some(_) if line == "```" => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    assert!(current.is_none(), "a ```rust block is not closed");
    blocks
}

/// The lines between the markers of `examples/readme.rs`, without their four-space indent.
fn example_snippet() -> String {
    let start = EXAMPLE.find(BEGIN).expect("examples/readme.rs has the begin marker") + BEGIN.len();
    let end = EXAMPLE[start..].find(END).expect("examples/readme.rs has the end marker") + start;
    EXAMPLE[start..end]
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                let unindented = line.strip_prefix("    ");
                format!("{}\n", unindented.unwrap_or_else(|| panic!("not indented by four spaces: {line:?}")))
            }
        })
        .collect()
}

/// The README's ```rust block is byte-identical to the snippet `examples/readme.rs` compiles.
#[test]
fn the_readme_rust_snippet_is_the_compiled_example() {
    let blocks = rust_blocks(README);
    assert_eq!(blocks.len(), 1, "README.md should have one ```rust block (the library snippet): {blocks:#?}");
    let snippet = example_snippet();
    assert!(snippet.contains("Linter::new"), "{snippet}");
    assert_eq!(
        blocks[0], snippet,
        "README.md's ```rust block differs from examples/readme.rs (between its markers): change both"
    );
}

/// docs/library.md opens with the same snippet, byte for byte.
#[test]
fn the_library_page_rust_snippet_is_the_compiled_example() {
    let blocks = rust_blocks(LIBRARY);
    assert!(!blocks.is_empty(), "docs/library.md should have a ```rust block (the library snippet)");
    assert_eq!(
        blocks[0],
        example_snippet(),
        "docs/library.md's first ```rust block differs from examples/readme.rs (between its markers): change both"
    );
}

/// The table of diagnostic codes in docs/codes.md lists every code, in
/// order, with its name and default severity, and nothing else.
#[test]
fn the_docs_code_table_lists_every_code() {
    let rows: Vec<(String, String, String)> = CODES
        .lines()
        .filter(|line| line.starts_with("| BL"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells[1].to_owned(), cells[2].to_owned(), cells[3].to_owned())
        })
        .collect();
    let codes: Vec<(String, String, String)> = batchlint::Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.name().to_owned(), c.default_severity().to_string()))
        .collect();
    assert_eq!(rows, codes);
}
