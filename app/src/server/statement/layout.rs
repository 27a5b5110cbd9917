//! The statement drawn on one A4 page with krilla: DejaVu Sans embedded
//! (subset, with its text so it can be copied and read aloud), tagged
//! (headings, tables, paragraphs) for screen readers, in the reader's language.

use std::num::NonZeroU16;
use std::sync::LazyLock;

use anyhow::{Context, anyhow};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    ArtifactType, ContentTag, Node, SpanTag, TableHeaderScope, Tag, TagGroup, TagTree,
};
use krilla::text::{Font, TextDirection};

/// Everything printed, already in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementText {
    pub lang: &'static str,
    pub site: String,
    pub title: String,
    /// Label and value: candidate, ID Number, exam, exam date.
    pub details: Vec<(String, String)>,
    pub results_title: String,
    /// Overall score, grade, CEFR level.
    pub headline: Vec<(String, String)>,
    pub skills_title: String,
    pub skills: Vec<(String, String)>,
    pub scale_note: String,
    /// Date of issue and reference.
    pub issue: Vec<(String, String)>,
    pub verify_title: String,
    pub verify_text: String,
    pub footer: String,
}

/// DejaVu Sans (Bitstream Vera licence, `app/fonts/LICENSE-DejaVu.txt`):
/// every Latin accent a French name may carry.
static REGULAR: LazyLock<Option<Font>> = LazyLock::new(|| {
    Font::new(
        include_bytes!("../../../fonts/DejaVuSans.ttf")
            .as_slice()
            .into(),
        0,
    )
});
static BOLD: LazyLock<Option<Font>> = LazyLock::new(|| {
    Font::new(
        include_bytes!("../../../fonts/DejaVuSans-Bold.ttf")
            .as_slice()
            .into(),
        0,
    )
});

const A4: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 56.0;
/// Where values start: past the longest label ("Use of English (grammaire et vocabulaire)").
const VALUE_X: f32 = 320.0;
const INK: (u8, u8, u8) = (0x1a, 0x1a, 0x1a);
const MUTED: (u8, u8, u8) = (0x4a, 0x4a, 0x4a);
const ACCENT: (u8, u8, u8) = (0x0b, 0x4f, 0x8a);
/// A line of body text holds about this many characters of DejaVu Sans at 10 pt.
const CHARS_PER_LINE: usize = 88;

/// The statement's PDF.
///
/// # Errors
/// When the font cannot be read or krilla refuses the document.
pub fn render(text: &StatementText) -> anyhow::Result<Vec<u8>> {
    let (regular, bold) = (
        REGULAR.clone().context("reading the regular font")?,
        BOLD.clone().context("reading the bold font")?,
    );
    let mut document = Document::new();
    let mut tree = TagTree::new().with_lang(Some(text.lang.to_owned()));
    let mut page =
        document.start_page_with(PageSettings::from_wh(A4.0, A4.1).context("page size")?);
    for node in draw(
        Pen {
            surface: page.surface(),
            regular,
            bold,
            y: MARGIN + 14.0,
        },
        text,
    ) {
        tree.push(node);
    }
    page.finish();
    document.set_tag_tree(tree);
    // No creation date: the same results must give the same bytes.
    document.set_metadata(
        Metadata::new()
            .title(text.title.clone())
            .language(text.lang.to_owned())
            .creator(text.site.clone()),
    );
    document
        .finish()
        .map_err(|e| anyhow!("writing the PDF: {e:?}"))
}

/// The page, top to bottom; returns its structure in reading order.
fn draw(mut pen: Pen<'_>, text: &StatementText) -> Vec<Node> {
    pen.artifact(|p| p.line_of(&text.site, MARGIN, 10.0, false, ACCENT));
    pen.y += 30.0;
    let mut nodes = vec![pen.heading(1, &text.title, 22.0)];
    pen.rule();
    nodes.push(pen.table(&text.details));
    nodes.push(pen.heading(2, &text.results_title, 14.0));
    nodes.push(pen.table(&text.headline));
    nodes.push(pen.heading(2, &text.skills_title, 14.0));
    nodes.push(pen.table(&text.skills));
    nodes.push(pen.paragraph(&text.scale_note, MUTED));
    pen.rule();
    nodes.push(pen.table(&text.issue));
    nodes.push(pen.heading(2, &text.verify_title, 12.0));
    nodes.push(pen.paragraph(&text.verify_text, INK));
    pen.y = A4.1 - MARGIN / 2.0;
    pen.artifact(|p| p.line_of(&text.footer, MARGIN, 8.0, false, MUTED));
    pen.surface.finish();
    nodes
}

/// Where the next line goes, on the page's surface.
struct Pen<'a> {
    surface: Surface<'a>,
    regular: Font,
    bold: Font,
    /// The baseline of the next line, from the top of the page.
    y: f32,
}

impl Pen<'_> {
    fn line_of(&mut self, text: &str, x: f32, size: f32, bold: bool, colour: (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
        let font = if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        self.surface.draw_text(
            Point::from_xy(x, self.y),
            font,
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// Text drawn as one marked span, for the tag tree.
    fn tagged(&mut self, text: &str, x: f32, size: f32, bold: bool, colour: (u8, u8, u8)) -> Node {
        let id = self
            .surface
            .start_tagged(ContentTag::Span(SpanTag::empty()));
        self.line_of(text, x, size, bold, colour);
        self.surface.end_tagged();
        id.into()
    }

    /// Decoration, outside the document's structure.
    fn artifact(&mut self, draw: impl FnOnce(&mut Self)) {
        self.surface
            .start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                ArtifactType::Other,
            )));
        draw(self);
        self.surface.end_tagged();
    }

    fn heading(&mut self, level: u16, text: &str, size: f32) -> Node {
        self.y += size * 0.9;
        let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
        let mut group = TagGroup::new(Tag::Hn(level, Some(text.to_owned())));
        group.push(self.tagged(text, MARGIN, size, true, INK));
        self.y += size * 1.2;
        group.into()
    }

    /// Label and value rows, the labels as row headers.
    fn table(&mut self, rows: &[(String, String)]) -> Node {
        let mut table = TagGroup::new(Tag::Table);
        for (label, value) in rows {
            let mut row = TagGroup::new(Tag::TR);
            let mut header = TagGroup::new(Tag::TH(TableHeaderScope::Row));
            header.push(self.tagged(label, MARGIN, 10.5, false, MUTED));
            let mut cell = TagGroup::new(Tag::TD);
            cell.push(self.tagged(value, VALUE_X, 10.5, true, INK));
            row.push(Node::from(header));
            row.push(Node::from(cell));
            table.push(Node::from(row));
            self.y += 17.0;
        }
        self.y += 10.0;
        table.into()
    }

    /// Body text, wrapped at word boundaries.
    fn paragraph(&mut self, text: &str, colour: (u8, u8, u8)) -> Node {
        let mut group = TagGroup::new(Tag::P);
        let lines = wrap(text, CHARS_PER_LINE);
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.iter().enumerate() {
            // Each line but the last ends with the space that separated it
            // from the next, so that copied text keeps its words apart.
            let line = if i < last {
                format!("{line} ")
            } else {
                line.clone()
            };
            group.push(self.tagged(&line, MARGIN, 10.0, false, colour));
            self.y += 14.0;
        }
        self.y += 8.0;
        group.into()
    }

    /// A thin line across the page.
    fn rule(&mut self) {
        let y = self.y - 6.0;
        self.artifact(|p| {
            let mut path = PathBuilder::new();
            path.move_to(MARGIN, y);
            path.line_to(A4.0 - MARGIN, y);
            if let Some(path) = path.finish() {
                p.surface.set_fill(None);
                p.surface.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(0xc8, 0xc8, 0xc8).into(),
                    width: 0.8,
                    ..Default::default()
                }));
                p.surface.draw_path(&path);
                p.surface.set_stroke(None);
            }
        });
        self.y += 16.0;
    }
}

/// `text` cut into lines of at most `width` characters between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_text_wraps_between_words_and_keeps_every_word() {
        let text =
            "An institution can check this result online with a share code and the family name.";
        let lines = wrap(text, 30);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("", 30), Vec::<String>::new());
    }
}
