//! A `serde::Serializer` that turns one record straight into a [`Cell`], with no JSON value in
//! between: a struct or map becomes [`Cell::Object`] (its fields in order), a number, boolean or
//! text its cell, a sequence or tuple [`Cell::List`], `None` and unit [`Cell::Null`], a
//! non-finite float [`Cell::Null`].
//!
//! Enums read as serde_json writes them: a unit variant is its (renamed) name as text, a
//! newtype, tuple or struct variant an object with the variant's name as its one key, an
//! internally tagged variant an object whose first field is the tag. Map keys are text, whole
//! numbers or booleans, written as text (`1`, `true`), as JSON object keys are.

use std::fmt::Display;

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::Cell;

/// A value that cannot be a cell: a map key that is not text, a whole number or a boolean, a
/// 128-bit number out of range, or an error the value's own `Serialize` raised.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CellError(String);

impl ser::Error for CellError {
    fn custom<T: Display>(message: T) -> Self {
        CellError(message.to_string())
    }
}

/// `value` as one cell.
pub fn to_cell<T: Serialize + ?Sized>(value: &T) -> Result<Cell, CellError> {
    value.serialize(CellSerializer)
}

/// Serialises one value into a [`Cell`].
struct CellSerializer;

impl ser::Serializer for CellSerializer {
    type Ok = Cell;
    type Error = CellError;
    type SerializeSeq = ListCells;
    type SerializeTuple = ListCells;
    type SerializeTupleStruct = ListCells;
    type SerializeTupleVariant = Variant<ListCells>;
    type SerializeMap = ObjectCells;
    type SerializeStruct = ObjectCells;
    type SerializeStructVariant = Variant<ObjectCells>;

    fn serialize_bool(self, value: bool) -> Result<Cell, CellError> {
        Ok(Cell::Boolean(value))
    }

    fn serialize_i8(self, value: i8) -> Result<Cell, CellError> {
        Ok(Cell::Integer(value.into()))
    }

    fn serialize_i16(self, value: i16) -> Result<Cell, CellError> {
        Ok(Cell::Integer(value.into()))
    }

    fn serialize_i32(self, value: i32) -> Result<Cell, CellError> {
        Ok(Cell::Integer(value.into()))
    }

    fn serialize_i64(self, value: i64) -> Result<Cell, CellError> {
        Ok(Cell::Integer(value))
    }

    fn serialize_i128(self, value: i128) -> Result<Cell, CellError> {
        match (i64::try_from(value), u64::try_from(value)) {
            (Ok(integer), _) => Ok(Cell::Integer(integer)),
            (_, Ok(large)) => self.serialize_u64(large),
            _ => Err(CellError(format!("{value} is out of range for a number"))),
        }
    }

    fn serialize_u8(self, value: u8) -> Result<Cell, CellError> {
        Ok(Cell::Integer(value.into()))
    }

    fn serialize_u16(self, value: u16) -> Result<Cell, CellError> {
        Ok(Cell::Integer(value.into()))
    }

    fn serialize_u32(self, value: u32) -> Result<Cell, CellError> {
        Ok(Cell::Integer(value.into()))
    }

    /// A whole number above `i64::MAX` is kept as a real number.
    fn serialize_u64(self, value: u64) -> Result<Cell, CellError> {
        Ok(i64::try_from(value).map_or(Cell::Number(value as f64), Cell::Integer))
    }

    fn serialize_u128(self, value: u128) -> Result<Cell, CellError> {
        match u64::try_from(value) {
            Ok(value) => self.serialize_u64(value),
            Err(_) => Err(CellError(format!("{value} is out of range for a number"))),
        }
    }

    fn serialize_f32(self, value: f32) -> Result<Cell, CellError> {
        self.serialize_f64(value.into())
    }

    fn serialize_f64(self, value: f64) -> Result<Cell, CellError> {
        Ok(if value.is_finite() { Cell::Number(value) } else { Cell::Null })
    }

    fn serialize_char(self, value: char) -> Result<Cell, CellError> {
        Ok(Cell::Text(value.to_string()))
    }

    fn serialize_str(self, value: &str) -> Result<Cell, CellError> {
        Ok(Cell::Text(value.to_owned()))
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<Cell, CellError> {
        Ok(Cell::List(value.iter().map(|byte| Cell::Integer((*byte).into())).collect()))
    }

    fn serialize_none(self) -> Result<Cell, CellError> {
        Ok(Cell::Null)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Cell, CellError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Cell, CellError> {
        Ok(Cell::Null)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Cell, CellError> {
        Ok(Cell::Null)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Cell, CellError> {
        Ok(Cell::Text(variant.to_owned()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Cell, CellError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Cell, CellError> {
        Ok(variant_object(variant, to_cell(value)?))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<ListCells, CellError> {
        Ok(ListCells(Vec::with_capacity(len.unwrap_or(0))))
    }

    fn serialize_tuple(self, len: usize) -> Result<ListCells, CellError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<ListCells, CellError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<ListCells>, CellError> {
        Ok(Variant { name: variant, cells: self.serialize_seq(Some(len))? })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<ObjectCells, CellError> {
        Ok(ObjectCells { fields: Vec::with_capacity(len.unwrap_or(0)), key: None })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<ObjectCells, CellError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<ObjectCells>, CellError> {
        Ok(Variant { name: variant, cells: self.serialize_map(Some(len))? })
    }
}

/// The elements of a sequence or tuple so far.
struct ListCells(Vec<Cell>);

impl ListCells {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CellError> {
        self.0.push(to_cell(value)?);
        Ok(())
    }
}

impl ser::SerializeSeq for ListCells {
    type Ok = Cell;
    type Error = CellError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CellError> {
        self.push(value)
    }

    fn end(self) -> Result<Cell, CellError> {
        Ok(Cell::List(self.0))
    }
}

impl ser::SerializeTuple for ListCells {
    type Ok = Cell;
    type Error = CellError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CellError> {
        self.push(value)
    }

    fn end(self) -> Result<Cell, CellError> {
        Ok(Cell::List(self.0))
    }
}

impl ser::SerializeTupleStruct for ListCells {
    type Ok = Cell;
    type Error = CellError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CellError> {
        self.push(value)
    }

    fn end(self) -> Result<Cell, CellError> {
        Ok(Cell::List(self.0))
    }
}

/// The fields of a struct or map so far, and a map's key waiting for its value.
struct ObjectCells {
    fields: Vec<(String, Cell)>,
    key: Option<String>,
}

impl ObjectCells {
    /// Adds a map entry; a key given twice (as a flattened field can be) keeps its first place
    /// and its last value, as a JSON object built from the same entries would.
    fn insert(&mut self, key: String, cell: Cell) {
        match self.fields.iter_mut().find(|(name, _)| *name == key) {
            Some((_, held)) => *held = cell,
            None => self.fields.push((key, cell)),
        }
    }
}

impl ser::SerializeMap for ObjectCells {
    type Ok = Cell;
    type Error = CellError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CellError> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CellError> {
        let key = self.key.take().ok_or_else(|| CellError("a map value came without its key".to_owned()))?;
        let cell = to_cell(value)?;
        self.insert(key, cell);
        Ok(())
    }

    fn end(self) -> Result<Cell, CellError> {
        Ok(Cell::Object(self.fields))
    }
}

impl ser::SerializeStruct for ObjectCells {
    type Ok = Cell;
    type Error = CellError;

    /// A struct's fields have distinct names: each is added without looking for an earlier one.
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        self.fields.push((name.to_owned(), to_cell(value)?));
        Ok(())
    }

    fn end(self) -> Result<Cell, CellError> {
        Ok(Cell::Object(self.fields))
    }
}

/// A tuple or struct variant: its cells so far, to be wrapped in an object under its name.
struct Variant<T> {
    name: &'static str,
    cells: T,
}

/// A variant with data, as serde_json writes it: an object with the variant's name as its key.
fn variant_object(name: &str, cell: Cell) -> Cell {
    Cell::Object(vec![(name.to_owned(), cell)])
}

impl ser::SerializeTupleVariant for Variant<ListCells> {
    type Ok = Cell;
    type Error = CellError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CellError> {
        self.cells.push(value)
    }

    fn end(self) -> Result<Cell, CellError> {
        Ok(variant_object(self.name, Cell::List(self.cells.0)))
    }
}

impl ser::SerializeStructVariant for Variant<ObjectCells> {
    type Ok = Cell;
    type Error = CellError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        ser::SerializeStruct::serialize_field(&mut self.cells, name, value)
    }

    fn end(self) -> Result<Cell, CellError> {
        Ok(variant_object(self.name, Cell::Object(self.cells.fields)))
    }
}

/// Serialises a map key into its text: text as it is, a whole number or boolean as written
/// (`1`, `true`), a unit variant as its name, a newtype as what it wraps; anything else is an
/// error.
struct KeySerializer;

impl KeySerializer {
    fn not_a_key<T>(what: &str) -> Result<T, CellError> {
        Err(CellError(format!("a map key must be text, a whole number or a boolean, not {what}")))
    }
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = CellError;
    type SerializeSeq = Impossible<String, CellError>;
    type SerializeTuple = Impossible<String, CellError>;
    type SerializeTupleStruct = Impossible<String, CellError>;
    type SerializeTupleVariant = Impossible<String, CellError>;
    type SerializeMap = Impossible<String, CellError>;
    type SerializeStruct = Impossible<String, CellError>;
    type SerializeStructVariant = Impossible<String, CellError>;

    fn serialize_bool(self, value: bool) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_i8(self, value: i8) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_i16(self, value: i16) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_i32(self, value: i32) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_i64(self, value: i64) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_i128(self, value: i128) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_u8(self, value: u8) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_u16(self, value: u16) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_u32(self, value: u32) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_u64(self, value: u64) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_u128(self, value: u128) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_f32(self, _value: f32) -> Result<String, CellError> {
        Self::not_a_key("a real number")
    }

    fn serialize_f64(self, _value: f64) -> Result<String, CellError> {
        Self::not_a_key("a real number")
    }

    fn serialize_char(self, value: char) -> Result<String, CellError> {
        Ok(value.to_string())
    }

    fn serialize_str(self, value: &str) -> Result<String, CellError> {
        Ok(value.to_owned())
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<String, CellError> {
        Self::not_a_key("bytes")
    }

    fn serialize_none(self) -> Result<String, CellError> {
        Self::not_a_key("none")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, CellError> {
        Self::not_a_key("an option")
    }

    fn serialize_unit(self) -> Result<String, CellError> {
        Self::not_a_key("unit")
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, CellError> {
        Self::not_a_key("a unit struct")
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, CellError> {
        Ok(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, CellError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, CellError> {
        Self::not_a_key("a newtype variant")
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, CellError> {
        Self::not_a_key("a sequence")
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, CellError> {
        Self::not_a_key("a tuple")
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, CellError> {
        Self::not_a_key("a tuple struct")
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, CellError> {
        Self::not_a_key("a tuple variant")
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, CellError> {
        Self::not_a_key("a map")
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, CellError> {
        Self::not_a_key("a struct")
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, CellError> {
        Self::not_a_key("a struct variant")
    }
}

#[cfg(test)]
mod tests;
