//! kiosque: a static site generator for newsletter archives.
//!
//! The build is a one-way chain of values, wired here and nowhere else:
//! `Config → Vec<SourceFile> → Vec<Issue> → Archive → Vec<Page> → output folder`.

pub mod config;
pub mod error;
pub mod labels;
pub mod load;
pub mod model;
pub mod parse;
pub mod slug;
pub mod urls;
