//! The accessible name and description of a chart's SVG: the root `<svg>` gets `role="img"` and
//! `aria-labelledby` naming a `<title>` and a `<desc>` placed first inside it, so a screen reader
//! reads the chart's title and a one-sentence summary of its data instead of hundreds of
//! shapes. The ids are `chart-{name}-title` and `chart-{name}-desc`: unique per chart, so the
//! charts of one page do not clash. The texts can hold item keys and names from the inputs, so
//! they are escaped.

use crate::escape::escape_html;

use super::ChartError;

/// `svg` (as plotters writes it: one `<svg …>` root) with the chart's title and description.
pub(crate) fn label(svg: &str, name: &str, title: &str, description: &str) -> Result<String, ChartError> {
    let missing_root = || ChartError::Draw("the SVG has no <svg> root element".to_owned());
    let rest = svg.strip_prefix("<svg").ok_or_else(missing_root)?;
    let root_end = rest.find('>').ok_or_else(missing_root)?;
    let (attributes, content) = rest.split_at(root_end);
    let (title_id, desc_id) = (format!("chart-{name}-title"), format!("chart-{name}-desc"));
    Ok(format!(
        "<svg role=\"img\" aria-labelledby=\"{title_id} {desc_id}\"{attributes}>\n\
         <title id=\"{title_id}\">{}</title>\n<desc id=\"{desc_id}\">{}</desc>{}",
        escape_html(title),
        escape_html(description),
        &content[1..]
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_root_names_its_title_and_description_and_input_text_is_escaped() {
        let svg = "<svg width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let labelled = label(svg, "velocity", "Velocity & more", "A-1 <script>\u{7}").unwrap();
        assert_eq!(
            labelled,
            "<svg role=\"img\" aria-labelledby=\"chart-velocity-title chart-velocity-desc\" width=\"10\" \
             height=\"10\" xmlns=\"http://www.w3.org/2000/svg\">\n\
             <title id=\"chart-velocity-title\">Velocity &amp; more</title>\n\
             <desc id=\"chart-velocity-desc\">A-1 &lt;script&gt;\u{FFFD}</desc>\n<rect/>\n</svg>\n"
        );
        let document = roxmltree::Document::parse(&labelled).unwrap();
        let root = document.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root.first_element_child().unwrap();
        assert_eq!((title.tag_name().name(), title.text()), ("title", Some("Velocity & more")));
    }

    #[test]
    fn text_without_an_svg_root_is_an_error() {
        assert!(matches!(label("<g></g>", "x", "t", "d"), Err(ChartError::Draw(_))));
    }
}
