//! Reading the SVG the charts write, for the tests: it must parse as XML, and the tests count
//! the elements of a series by tag and colour and look for texts.
#![allow(clippy::unwrap_used)]

use plotters::style::RGBColor;

use super::{Chart, Size, palette, to_svg};

/// The SVG of a chart at the default size.
pub fn svg_of(chart: &impl Chart) -> String {
    to_svg(chart, Size::default()).unwrap()
}

/// The elements of a parsed SVG: (tag, fill, stroke) and every text.
pub struct Svg {
    elements: Vec<(String, Option<String>, Option<String>)>,
    texts: Vec<String>,
}

impl Svg {
    /// Parses the text (panics when it is not well-formed XML with an `svg` root).
    pub fn parse(text: &str) -> Svg {
        let document = roxmltree::Document::parse(text).unwrap();
        assert_eq!(document.root_element().tag_name().name(), "svg");
        let mut elements = Vec::new();
        let mut texts = Vec::new();
        for node in document.descendants().filter(roxmltree::Node::is_element) {
            let name = node.tag_name().name().to_owned();
            if name == "text" {
                texts.push(node.text().unwrap_or_default().trim().to_owned());
            }
            elements.push((
                name,
                node.attribute("fill").map(str::to_owned),
                node.attribute("stroke").map(str::to_owned),
            ));
        }
        Svg { elements, texts }
    }

    /// Elements of a tag filled with a colour.
    pub fn filled(&self, tag: &str, color: RGBColor) -> usize {
        let color = palette::hex(color);
        self.elements
            .iter()
            .filter(|(name, fill, _)| name == tag && fill.as_deref() == Some(color.as_str()))
            .count()
    }

    /// Elements of a tag stroked with a colour.
    pub fn stroked(&self, tag: &str, color: RGBColor) -> usize {
        let color = palette::hex(color);
        self.elements
            .iter()
            .filter(|(name, _, stroke)| name == tag && stroke.as_deref() == Some(color.as_str()))
            .count()
    }

    /// Asserts each text is the whole content of some `<text>`.
    pub fn assert_texts(&self, expected: &[&str]) {
        for text in expected {
            assert!(self.texts.iter().any(|found| found == text), "no text {text:?} in {:?}", self.texts);
        }
    }

    /// Every text.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }
}
