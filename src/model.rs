//! The structured content every stage after parsing works on: an `Issue`
//! made of `Story`s made of `Paragraph`s. Plain data, serialisable as the
//! `/api/issues.json` shape; nothing here renders itself.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Lang;

/// One newsletter issue, as parsed and then enriched.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Issue {
    pub slug: String,
    pub title: String,
    #[serde(serialize_with = "serialize_date")]
    pub date: NaiveDate,
    /// The language the issue is written in (front matter `lang`, else
    /// detected, else the site's).
    pub lang: Lang,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(skip)]
    pub draft: bool,
    /// The `Message-ID` of the email the issue was sent as (without its
    /// angle brackets): its identity in a mailbox.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    pub teasers: Vec<Teaser>,
    /// The editor's introduction: paragraphs before the first story.
    pub intro: Vec<Paragraph>,
    pub stories: Vec<Story>,
    /// The editor's sign-off after the last story (`That's all for this
    /// week`, `À la semaine prochaine`, a signature).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outro: Vec<Paragraph>,
    pub credits: Option<String>,
    /// Union of the stories' tags and the front matter's, sorted.
    pub tags: Vec<String>,
    /// Union of the stories' companies and the front matter's, sorted.
    pub companies: Vec<String>,
    /// Where the issue came from, relative to the site root.
    #[serde(skip)]
    pub source: PathBuf,
    /// Tags and companies named in front matter, kept for the enrich stage.
    #[serde(skip)]
    pub declared: Declared,
    /// What the parser was unsure of, for `kiosque check`.
    #[serde(skip)]
    pub doubts: Vec<Doubt>,
    /// The line of the file each story's headline stands on, when known
    /// (plain text), in the order of `stories`.
    #[serde(skip)]
    pub story_lines: Vec<usize>,
    /// Files written beside the issue's page (an email's images).
    #[serde(skip)]
    pub assets: Vec<Asset>,
}

/// A file of an issue, written beside its page (`issues/<slug>/<name>`):
/// an image of an email, inline (its text refers to `name`) or attached.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Asset {
    /// A safe file name, unique in the issue (`logo-labo.png`).
    pub name: String,
    /// What the image shows, when the email tells (its file name).
    pub alt: String,
    pub bytes: Arc<[u8]>,
}

/// Something the parser read but was unsure of, at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Doubt {
    pub line: usize,
    pub message: String,
}

/// What the front matter of an issue declares about its taxonomy, with the
/// line it stands on so an unknown slug can be reported precisely.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Declared {
    pub tags: Vec<(String, usize)>,
    pub companies: Vec<(String, usize)>,
}

/// A teaser of the `Et aussi:` line, linked to the story it announces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Teaser {
    pub text: String,
    /// Index into `Issue.stories`.
    pub story: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Story {
    /// The section the editor filed the story under (`MARKETS`, `TECH`),
    /// on its own line above the headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    pub headline: String,
    /// The page the headline links to (`Title <https://…>`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The fragment identifier of the story in its issue page.
    pub anchor: String,
    pub paragraphs: Vec<Paragraph>,
    pub further_reading: Vec<Link>,
    pub tags: Vec<String>,
    pub companies: Vec<String>,
    /// Each company mention with the sentence it stands in.
    #[serde(skip)]
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Paragraph {
    /// The bold lead-in (`Lancement de Grok`), without its dash.
    pub lead: Option<String>,
    /// The text as written, without the lead-in.
    pub text: String,
    /// Markup produced by the Markdown parser; plain-text issues have none
    /// and their `text` is escaped at render time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// `html` is a whole block (list, table, quote) rather than the inside
    /// of a paragraph.
    #[serde(skip)]
    pub block: bool,
    /// What a block of a plain-text issue is when it is not prose (a
    /// quote, code, a list, a table); `text` then holds all its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<BlockKind>,
    /// A list's items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// An image's address (`kind` image; its alt text is `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
}

impl Paragraph {
    pub fn plain(text: impl Into<String>) -> Self {
        Paragraph {
            lead: None,
            text: text.into(),
            html: None,
            block: false,
            kind: None,
            items: Vec::new(),
            src: None,
        }
    }
}

/// A block of a plain-text or HTML issue that is not prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Quote,
    Code,
    List,
    Table,
    /// An image of an HTML issue's content, with its alt text.
    Image,
}

/// An item of a list: its text (without its link), the page it links to,
/// the text indented under it (a digest's blurb, a paragraph a line), and
/// the items nested under it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Item {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blurb: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Link {
    pub title: String,
    pub url: Option<String>,
}

/// A company named in a story: which of the story's texts (in the order
/// of `Story::texts`) and the byte range of the sentence it stands in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    pub company: String,
    pub text: usize,
    pub sentence: Range<usize>,
}

impl Story {
    /// The texts of the story in reading order: the headline, each
    /// paragraph's lead-in and text, the further-reading titles.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.headline.as_str())
            .chain(
                self.paragraphs
                    .iter()
                    .flat_map(|p| p.lead.as_deref().into_iter().chain([p.text.as_str()])),
            )
            .chain(self.further_reading.iter().map(|l| l.title.as_str()))
    }

    /// The sentence a mention stands in.
    pub fn sentence(&self, mention: &Mention) -> &str {
        self.texts()
            .nth(mention.text)
            .and_then(|text| text.get(mention.sentence.clone()))
            .unwrap_or_default()
    }
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `serialize_with` passes a reference"
)]
fn serialize_date<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}
