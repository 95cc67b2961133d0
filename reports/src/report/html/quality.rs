//! The data-quality section's findings: what the inputs leave out or make refine guess, with a
//! count, examples and what to do; checks that found nothing are listed, greyed, so a reader
//! sees they ran.

use std::fmt::Write;

use refine_engine::run::{DataQuality, QualityFinding};

use super::escape_html;

/// `<ul class="quality">`, findings with a count first.
pub(super) fn render_quality(out: &mut String, quality: &DataQuality) {
    if quality.findings.is_empty() {
        out.push_str("<p class=\"note\">No data-quality check had anything to check.</p>\n");
        return;
    }
    out.push_str("<ul class=\"quality\">\n");
    let (found, clean): (Vec<&QualityFinding>, Vec<&QualityFinding>) =
        quality.findings.iter().partition(|finding| finding.count > 0);
    for finding in found {
        let _ = write!(
            out,
            "<li id=\"quality-{}\"><span class=\"count\">{}</span> <strong>{}</strong>",
            finding.id.id(),
            finding.count,
            escape_html(finding.title)
        );
        if !finding.examples.is_empty() {
            let examples: Vec<String> = finding.examples.iter().map(|example| escape_html(example)).collect();
            let _ = write!(out, " <span class=\"examples\">For example: {}.</span>", examples.join("; "));
        }
        let _ = writeln!(out, " <span class=\"advice\">{}</span></li>", escape_html(finding.advice));
    }
    for finding in clean {
        let _ = writeln!(
            out,
            "<li class=\"clean\" id=\"quality-{}\"><span class=\"count\">0</span> {}</li>",
            finding.id.id(),
            escape_html(finding.title)
        );
    }
    out.push_str("</ul>\n");
}
