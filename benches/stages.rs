//! Each stage of the pipeline on the example site, alone: parse the seed
//! issue, enrich it, index the archive, plan and render pages.
//! `cargo bench --bench stages`; whole builds are timed by bench/compare.sh.

// A measuring tool, not the product: a failed step may panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

use kiosque::testing::enrich_issue;
use kiosque::testing::PageKind;
use kiosque::testing::Renderer;
use kiosque::testing::{parse_issue, ParseOptions};
use kiosque::Archive;
use kiosque::{prepare, BuildOptions};

/// Picks the page of a kind to render.
type PagePicker = fn(&PageKind) -> bool;

fn stages(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = match prepare(&BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    }) {
        Ok(site) => site,
        Err(e) => panic!("the example site must build: {e}"),
    };
    let seed_path = root.join("content/issues/2023-12-06-elon-musk-xai.txt");
    let seed = kiosque::testing::SourceFile {
        path: "content/issues/2023-12-06-elon-musk-xai.txt".into(),
        text: std::fs::read_to_string(seed_path).unwrap_or_default(),
    };
    let options = ParseOptions {
        labels: &site.config.labels,
        allow_html: false,
        lang: site.config.lang,
        timezone: &site.config.timezone,
    };
    c.bench_function("parse seed issue", |b| {
        b.iter(|| parse_issue(black_box(&seed), options));
    });
    let parsed = parse_issue(&seed, options).ok();
    c.bench_function("enrich seed issue", |b| {
        b.iter(|| {
            parsed
                .clone()
                .map(|issue| enrich_issue(black_box(issue), &site.gazetteer))
        });
    });
    c.bench_function("archive of the example site", |b| {
        b.iter(|| Archive::new(black_box(site.archive.issues.clone()), &site.gazetteer).is_ok());
    });
    c.bench_function("plan the example site", |b| {
        b.iter(|| {
            kiosque::testing::plan(
                black_box(&site.archive),
                site.config.per_page,
                site.config.search_bundles(),
            )
        });
    });
    let renderer = Renderer::new(&site.config, &site.archive, &site.tera, &site.pages);
    let kinds: [(&str, PagePicker); 3] = [
        ("render an issue page", |k| matches!(k, PageKind::Issue { .. })),
        ("render a company page", |k| matches!(k, PageKind::Term { .. })),
        ("render the home page", |k| matches!(k, PageKind::Home { .. })),
    ];
    for (name, wanted) in kinds {
        if let Some(page) = site.pages.iter().find(|p| wanted(&p.kind)) {
            c.bench_function(name, |b| b.iter(|| renderer.render(black_box(page)).is_ok()));
        }
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
