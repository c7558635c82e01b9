//! axe-core, the accessibility checker, run in a page of headless Chromium
//! (tests/suite/common/browser.rs): where its script is, and the rules a
//! page breaks.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::common::browser::Cdp;

/// axe-core's script: `KIOSQUE_AXE`, else where .ci/run installs it.
pub fn axe_source() -> Option<String> {
    let path = std::env::var_os("KIOSQUE_AXE").map(PathBuf::from).or_else(|| {
        let cache = std::env::var_os("HOME")?;
        Some(Path::new(&cache).join(".cache/kiosque/npm/node_modules/axe-core/axe.min.js"))
    })?;
    fs::read_to_string(path).ok()
}

/// axe-core's script, or None when it is missing and CI is not set: the
/// test `test` is skipped. With `CI=true` (.ci/run installs it) a missing
/// axe-core fails the test.
pub fn axe_or_skip(test: &str) -> Option<String> {
    let found = axe_source();
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(!ci, "axe-core not found (KIOSQUE_AXE) and CI=true: .ci/run installs it");
        println!("axe-core not found (set KIOSQUE_AXE to axe.min.js): skipping {test}");
    }
    found
}

/// axe-core's own rules, and two it leaves off: target size (WCAG 2.2 AA,
/// 2.5.8) and duplicate ids. Contrast is checked on one-character texts
/// too (a count, a letter of the index), which axe-core otherwise leaves
/// undecided. (Its deprecated `aside` rule stays off: it flags an unnamed
/// `aside` inside an article, which is no landmark.)
const RUN: &str = "axe.run(document, { \
    rules: { 'target-size': { enabled: true }, 'duplicate-id': { enabled: true } }, \
    checks: { 'color-contrast': { options: { ...axe._audit.checks['color-contrast'].options, ignoreLength: true } } } })";

/// axe-core's violations on the page as it is: `id: targets` lines. With
/// `KIOSQUE_AXE_DEBUG` set, what axe-core could not decide is printed.
pub fn violations(page: &mut Cdp, axe: &str) -> Vec<String> {
    page.call("Runtime.evaluate", json!({ "expression": axe }))
        .expect("load axe-core");
    let lines = "v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')";
    let run = format!(
        "{RUN}.then(r => JSON.stringify([r.passes.length ? r.violations.map({lines}) : ['axe-core checked nothing'], r.incomplete.map({lines})]))"
    );
    let params = json!({ "expression": run, "awaitPromise": true, "returnByValue": true });
    let result = page.call("Runtime.evaluate", params).expect("run axe-core");
    let text = result["result"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("axe-core failed: {result}"));
    let (found, undecided): (Vec<String>, Vec<String>) = serde_json::from_str(text).expect("axe-core's results");
    if std::env::var_os("KIOSQUE_AXE_DEBUG").is_some() {
        println!("axe-core could not decide: {undecided:#?}");
    }
    found
}
