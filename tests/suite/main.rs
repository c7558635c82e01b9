//! kiosque's integration tests, one binary: one module per area, the
//! helpers in `common` (a test site builder, the `kiosque` command, a
//! `kiosque serve` process). Fixtures stay beside the suite:
//! tests/newsletters/, tests/formats/ (read by path or `include_str!`).
//!
//! Panicking on a failed step is what a test does, and nothing here is
//! exported: the library's lints are relaxed for this crate only.
#![allow(clippy::unwrap_used, clippy::expect_used, unreachable_pub)]

mod common;

mod api;
mod axe_pages;
mod cli;
mod discovery;
mod email;
mod errors;
mod escaping;
mod example_site;
mod formats;
mod gazetteer;
mod golden;
mod html_blocks;
mod import;
mod meta;
mod output_safety;
mod output_spare;
mod parse_newsletters;
mod parse_seed;
mod plaintext_conventions;
mod robustness;
mod search;
mod search_browser;
mod security;
mod serve;
mod serve_browser;
mod serve_sync;
mod site_features;
mod yaml_front_matter;
