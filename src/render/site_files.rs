//! The site's icon and link-preview image, found once a build: the icon
//! is `static/favicon.svg|png|ico` when the site has one, else a monogram
//! (the first letter of the title on the theme's accent) written as
//! `favicon.svg`; the image is `image` of site.toml (an address, or a file
//! of `static/`), else `static/og.png`. Pure: the caller reads the files.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Config;
use crate::render::image_size::dimensions;
use crate::render::text::escape;
use crate::routes::Route;

/// The icons a site may bring, in the order they are preferred.
const FAVICONS: [(&str, &str); 3] = [
    ("favicon.svg", "image/svg+xml"),
    ("favicon.png", "image/png"),
    ("favicon.ico", "image/x-icon"),
];

/// Where the monogram is written when the site brings no icon.
pub(crate) const MONOGRAM: &str = "favicon.svg";

/// The monogram's colours: the theme's accent and page background
/// (`--accent` and `--bg` of style.css, light).
const ACCENT: &str = "#a31f1f";
const BACKGROUND: &str = "#fbfaf7";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct SiteFiles {
    /// `static/`'s icon (its path) and type, or `None`: the monogram.
    pub favicon: Option<(String, &'static str)>,
    /// The image of a page without its own.
    pub image: Option<ImageMeta>,
}

/// An image for link previews: an absolute address, and its size when
/// the file is the site's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ImageMeta {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl ImageMeta {
    pub(crate) fn new(url: String, bytes: Option<&[u8]>) -> ImageMeta {
        let size = bytes.and_then(dimensions);
        ImageMeta {
            url,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
        }
    }
}

impl SiteFiles {
    /// The icon and image of a site whose `static/` holds `static_paths`
    /// (relative to `static/`); `read` gives a file's bytes.
    pub(crate) fn new(config: &Config, static_paths: &[PathBuf], read: impl Fn(&Path) -> Option<Vec<u8>>) -> SiteFiles {
        let has = |path: &str| static_paths.iter().any(|p| p == Path::new(path));
        let favicon = FAVICONS
            .iter()
            .find(|(path, _)| has(path))
            .map(|&(path, mime)| (path.to_string(), mime));
        let local = |path: &str| {
            let path = path.trim_start_matches('/');
            let url = Route::Asset { path: path.to_string() }.permalink(&config.base_url);
            ImageMeta::new(url, has(path).then(|| read(Path::new(path))).flatten().as_deref())
        };
        let image = match config.image.as_deref() {
            Some(image) if image.starts_with("https://") || image.starts_with("http://") => {
                Some(ImageMeta::new(image.to_string(), None))
            }
            Some(path) => Some(local(path)),
            None => has("og.png").then(|| local("og.png")),
        };
        SiteFiles { favicon, image }
    }

    /// The icon's address inside the site, and its type.
    pub(super) fn favicon(&self, base_path: &str) -> (String, &'static str) {
        let (path, mime) = self.favicon.clone().unwrap_or((MONOGRAM.to_string(), "image/svg+xml"));
        (Route::Asset { path }.url(base_path), mime)
    }

    /// The monogram to write at `MONOGRAM`, when `static/` has no icon.
    pub(crate) fn monogram(&self, title: &str) -> Option<String> {
        self.favicon.is_none().then(|| monogram(title))
    }
}

/// A square SVG icon: the first letter or digit of `title`, upper case,
/// light on the theme's accent.
fn monogram(title: &str) -> String {
    let letter = title
        .chars()
        .find(|c| c.is_alphanumeric())
        .map_or_else(|| "•".to_string(), |c| c.to_uppercase().collect());
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\
<rect width=\"64\" height=\"64\" rx=\"12\" fill=\"{ACCENT}\"/>\
<text x=\"32\" y=\"45\" text-anchor=\"middle\" font-family=\"Georgia, 'DejaVu Serif', serif\" \
font-size=\"40\" font-weight=\"700\" fill=\"{BACKGROUND}\">{}</text></svg>\n",
        escape(&letter)
    )
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{monogram, SiteFiles};
    use crate::config::Config;
    use crate::render::image_size::tests::png;

    #[test]
    fn the_monogram_is_the_first_letter_escaped() {
        assert!(monogram("la Lettre").contains(">L</text>"));
        assert!(monogram("« Été »").contains(">É</text>"));
        assert!(monogram("<&>").contains(">•</text>"));
    }

    #[test]
    fn static_icon_and_image_win() {
        let config = Config {
            base_url: "https://x.org/sub".into(),
            ..Config::default()
        };
        let paths = [PathBuf::from("favicon.png"), PathBuf::from("og.png")];
        let files = SiteFiles::new(&config, &paths, |p: &Path| {
            (p == Path::new("og.png")).then(|| png(1200, 630))
        });
        assert_eq!(files.favicon(""), ("/favicon.png".to_string(), "image/png"));
        assert_eq!(files.monogram("T"), None);
        let image = files.image.expect("og.png");
        assert_eq!(image.url, "https://x.org/sub/og.png");
        assert_eq!((image.width, image.height), (Some(1200), Some(630)));
    }

    #[test]
    fn without_static_files_the_monogram_and_the_configured_image() {
        let config = Config {
            image: Some("https://cdn.x.org/card.jpg".into()),
            ..Config::default()
        };
        let files = SiteFiles::new(&config, &[], |_: &Path| None);
        assert_eq!(files.favicon("/a"), ("/a/favicon.svg".to_string(), "image/svg+xml"));
        assert!(files.monogram("T").is_some());
        assert_eq!(
            files.image.map(|i| (i.url, i.width)),
            Some(("https://cdn.x.org/card.jpg".into(), None))
        );
    }
}
