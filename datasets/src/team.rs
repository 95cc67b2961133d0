//! The people of the demo: the developers (who take work, and estimate in planning poker with
//! their own habits), the product owner, and the others who file issues.

/// A developer on the team.
#[derive(Debug)]
pub struct Developer {
    /// Display name, as Jira Cloud exports it.
    pub name: &'static str,
    /// The first sprint (0-based) the developer is on the team for.
    pub joins_sprint: usize,
    /// Habitual offset of a poker vote from the consensus, in deck steps (negative = optimistic).
    pub bias: f64,
    /// How much the developer's votes scatter around their biased value, in deck steps.
    pub scatter: f64,
}

/// The development team; Mateo joins in sprint 7.
pub const DEVELOPERS: &[Developer] = &[
    Developer { name: "Amara Okafor", joins_sprint: 0, bias: 0.0, scatter: 0.4 },
    Developer { name: "Jonas Weber", joins_sprint: 0, bias: -0.8, scatter: 0.5 },
    Developer { name: "Li Wei", joins_sprint: 0, bias: 0.3, scatter: 0.3 },
    Developer { name: "Sofia Marques", joins_sprint: 0, bias: 0.9, scatter: 0.6 },
    Developer { name: "Daniel Kim", joins_sprint: 0, bias: -0.3, scatter: 0.8 },
    Developer { name: "Priya Nair", joins_sprint: 0, bias: 0.1, scatter: 0.4 },
    Developer { name: "Mateo Rossi", joins_sprint: 6, bias: -0.5, scatter: 1.0 },
];

/// The product owner: reports most stories and watches much of the backlog.
pub const PRODUCT_OWNER: &str = "Hannah Berg";

/// Who files issues, and how often.
pub const REPORTERS: &[(&str, u32)] = &[
    (PRODUCT_OWNER, 45),
    ("Marta Silva", 14),
    ("Noah Fischer", 7),
    ("Amara Okafor", 6),
    ("Jonas Weber", 5),
    ("Li Wei", 6),
    ("Sofia Marques", 4),
    ("Daniel Kim", 5),
    ("Priya Nair", 4),
    ("Elif Demir", 4),
];

/// Developers on the team in sprint `sprint` (0-based), before holidays.
pub fn developers_in(sprint: usize) -> impl Iterator<Item = &'static Developer> {
    DEVELOPERS.iter().filter(move |developer| developer.joins_sprint <= sprint)
}
