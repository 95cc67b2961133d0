//! Every case of serde's data model, each checked against serde_json's own value of it (what
//! tables were built from before): a cell written as JSON reads exactly as that value does.

use std::collections::BTreeMap;

use serde::Serialize;

use super::*;

/// The value's cell, after checking that the cell as JSON is serde_json's value as JSON.
fn cell_of<T: Serialize>(value: &T) -> Cell {
    let cell = to_cell(value).unwrap();
    assert_eq!(serde_json::to_string(&cell).unwrap(), serde_json::to_value(value).unwrap().to_string());
    cell
}

fn text(value: &str) -> Cell {
    Cell::Text(value.to_owned())
}

fn object(fields: &[(&str, Cell)]) -> Cell {
    Cell::Object(fields.iter().map(|(name, cell)| ((*name).to_owned(), cell.clone())).collect())
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    UserStory,
    Bug,
}

#[derive(Serialize)]
struct Change {
    at: &'static str,
    from: f64,
    to: f64,
}

#[derive(Serialize)]
struct Points(f64);

#[derive(Serialize)]
struct Pair(u32, &'static str);

#[derive(Serialize)]
struct Nothing;

#[derive(Serialize)]
enum Shape {
    Moved(u32),
    Split(u32, u32),
    Merged { into: &'static str },
}

#[derive(Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
enum Reason {
    Unestimated,
    DuplicateCandidate { of: &'static str },
}

#[test]
fn scalars_become_their_cells() {
    assert_eq!(cell_of(&true), Cell::Boolean(true));
    assert_eq!(cell_of(&-3_i8), Cell::Integer(-3));
    assert_eq!(cell_of(&7_u32), Cell::Integer(7));
    assert_eq!(cell_of(&2.5_f64), Cell::Number(2.5));
    assert_eq!(cell_of(&1.0_f64), Cell::Number(1.0), "a whole real number stays real");
    assert_eq!(cell_of(&0.5_f32), Cell::Number(0.5));
    assert_eq!(cell_of(&'x'), text("x"));
    assert_eq!(cell_of(&"A-1"), text("A-1"));
    // Tables read a JSON number above i64::MAX as a real number, and so does the serializer.
    assert_eq!(to_cell(&u64::MAX).unwrap(), Cell::Number(u64::MAX as f64));
    assert_eq!(to_cell(&(i64::MAX as i128)).unwrap(), Cell::Integer(i64::MAX));
    assert!(to_cell(&i128::MIN).is_err());
}

#[test]
fn non_finite_numbers_none_and_unit_are_null() {
    assert_eq!(cell_of(&f64::NAN), Cell::Null);
    assert_eq!(cell_of(&f64::INFINITY), Cell::Null);
    assert_eq!(cell_of(&None::<u32>), Cell::Null);
    assert_eq!(cell_of(&Some(4_u32)), Cell::Integer(4));
    assert_eq!(cell_of(&()), Cell::Null);
    assert_eq!(cell_of(&Nothing), Cell::Null);
}

#[test]
fn sequences_tuples_and_bytes_are_lists() {
    assert_eq!(cell_of(&vec!["ui", "api"]), Cell::List(vec![text("ui"), text("api")]));
    assert_eq!(cell_of(&(1_u8, "a")), Cell::List(vec![Cell::Integer(1), text("a")]));
    assert_eq!(cell_of(&Pair(2, "b")), Cell::List(vec![Cell::Integer(2), text("b")]));
    let bytes = to_cell(&serde_bytes_like()).unwrap();
    assert_eq!(bytes, Cell::List(vec![Cell::Integer(1), Cell::Integer(255)]));
}

/// A value that serialises as bytes.
fn serde_bytes_like() -> impl Serialize {
    struct Bytes;
    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(&[1, 255])
        }
    }
    Bytes
}

#[test]
fn a_newtype_is_what_it_wraps() {
    assert_eq!(cell_of(&Points(3.0)), Cell::Number(3.0));
}

#[test]
fn enums_read_as_serde_json_writes_them() {
    assert_eq!(cell_of(&Kind::UserStory), text("user_story"), "renamed unit variant: text");
    assert_eq!(cell_of(&Kind::Bug), text("bug"));
    assert_eq!(cell_of(&Shape::Moved(3)), object(&[("Moved", Cell::Integer(3))]));
    assert_eq!(
        cell_of(&Shape::Split(1, 2)),
        object(&[("Split", Cell::List(vec![Cell::Integer(1), Cell::Integer(2)]))])
    );
    assert_eq!(
        cell_of(&Shape::Merged { into: "A-2" }),
        object(&[("Merged", object(&[("into", text("A-2"))]))])
    );
    assert_eq!(cell_of(&Reason::Unestimated), object(&[("reason", text("unestimated"))]));
    assert_eq!(
        cell_of(&Reason::DuplicateCandidate { of: "A-9" }),
        object(&[("reason", text("duplicate_candidate")), ("of", text("A-9"))])
    );
}

#[test]
fn a_nested_struct_is_an_object_in_field_order() {
    #[derive(Serialize)]
    struct Row {
        key: &'static str,
        last: Change,
        changes: Vec<Change>,
    }
    let change = || Change { at: "2026-01-14T14:17:00Z", from: 5.0, to: 8.0 };
    let cell = cell_of(&Row { key: "A-1", last: change(), changes: vec![change()] });
    let nested = object(&[
        ("at", text("2026-01-14T14:17:00Z")),
        ("from", Cell::Number(5.0)),
        ("to", Cell::Number(8.0)),
    ]);
    assert_eq!(
        cell,
        object(&[
            ("key", text("A-1")),
            ("last", nested.clone()),
            ("changes", Cell::List(vec![nested.clone()]))
        ])
    );
    assert_eq!(nested.to_text(), r#"{"at":"2026-01-14T14:17:00Z","from":5.0,"to":8.0}"#);
}

#[test]
fn map_keys_are_text_numbers_and_booleans_written_as_text() {
    let by_number: BTreeMap<u32, &str> = [(2, "b"), (10, "j")].into();
    assert_eq!(cell_of(&by_number), object(&[("2", text("b")), ("10", text("j"))]));
    let by_flag: BTreeMap<bool, u8> = [(false, 0), (true, 1)].into();
    assert_eq!(cell_of(&by_flag), object(&[("false", Cell::Integer(0)), ("true", Cell::Integer(1))]));
    let by_kind: BTreeMap<&str, u8> = [("bug", 3)].into();
    assert_eq!(cell_of(&by_kind), object(&[("bug", Cell::Integer(3))]));
    let by_real: Vec<(f64, u8)> = vec![(1.5, 1)];
    let as_map = MapOf(by_real);
    assert!(to_cell(&as_map).is_err(), "a real number is not a key");
}

/// Pairs serialised as a map, to try keys no std map takes.
struct MapOf<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for MapOf<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

#[test]
fn a_key_given_twice_keeps_its_first_place_and_last_value() {
    #[derive(Serialize)]
    struct Flattened {
        key: &'static str,
        #[serde(flatten)]
        extra: MapOf<&'static str, u8>,
    }
    let cell = cell_of(&Flattened { key: "A-1", extra: MapOf(vec![("n", 1), ("m", 2), ("n", 3)]) });
    assert_eq!(cell, object(&[("key", text("A-1")), ("n", Cell::Integer(3)), ("m", Cell::Integer(2))]));
}
