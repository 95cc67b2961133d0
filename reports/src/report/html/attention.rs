//! The page's first section: what needs a decision, each finding a sentence whose items link
//! to their lines in the ranked backlog and whose last link goes to the evidence.

use std::fmt::Write;

use super::escape_html;
use crate::report::attention::{Attention, MENTIONS_SHOWN};

/// `<section id="attention">`.
pub(super) fn render_attention(out: &mut String, findings: &[Attention]) {
    out.push_str("<section id=\"attention\">\n<h2>Needs a decision</h2>\n");
    if findings.is_empty() {
        out.push_str(
            "<p class=\"calm\">Nothing needs a decision: the top of the ranking is ready, nothing \
             waits on a lower-ranked blocker, no work in progress is unusually old.</p>\n",
        );
    } else {
        out.push_str("<ol class=\"attention\">\n");
        for finding in findings {
            render_finding(out, finding);
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

fn render_finding(out: &mut String, finding: &Attention) {
    let _ = write!(out, "<li id=\"{}\"><strong>{}</strong>: ", finding.id, escape_html(&finding.headline));
    for (place, mention) in finding.mentions.iter().take(MENTIONS_SHOWN).enumerate() {
        if place > 0 {
            out.push_str(", ");
        }
        let _ = write!(
            out,
            "<a href=\"#{}\">{}</a> <span class=\"why\">({})</span>",
            escape_html(&mention.anchor),
            escape_html(&mention.key),
            escape_html(&mention.note)
        );
    }
    let more = finding.mentions.len().saturating_sub(MENTIONS_SHOWN);
    if more > 0 {
        let _ = write!(out, " and {more} more");
    }
    let _ = writeln!(
        out,
        ". <a class=\"evidence\" href=\"#{}\">See the {} →</a></li>",
        escape_html(&finding.evidence),
        finding.evidence_label
    );
}
