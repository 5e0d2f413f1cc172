//! The fields a room list's columns can mean: room number, name, type, ..., and one per device kind.
//! On the ground floor because the reader maps headers to them and the catalog's column table names
//! them.

use crate::devices::DeviceKind;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    RoomNumber,
    RoomName,
    RoomType,
    Department,
    Floor,
    Building,
    Idf,
    Area,
    Notes,
    Device(DeviceKind),
}

impl Field {
    /// Every field, in the order the help text lists them.
    pub const ALL: [Field; 15] = [
        Field::RoomNumber,
        Field::RoomName,
        Field::RoomType,
        Field::Department,
        Field::Floor,
        Field::Building,
        Field::Idf,
        Field::Area,
        Field::Notes,
        Field::Device(DeviceKind::DataDrops),
        Field::Device(DeviceKind::WirelessAps),
        Field::Device(DeviceKind::Workstations),
        Field::Device(DeviceKind::Phones),
        Field::Device(DeviceKind::Printers),
        Field::Device(DeviceKind::Displays),
    ];

    /// The key a user writes (`--map "Jacks=data_drops"`, the catalog's `[columns]` table).
    pub fn key(self) -> &'static str {
        match self {
            Field::RoomNumber => "room_number",
            Field::RoomName => "room_name",
            Field::RoomType => "room_type",
            Field::Department => "department",
            Field::Floor => "floor",
            Field::Building => "building",
            Field::Idf => "idf",
            Field::Area => "area",
            Field::Notes => "notes",
            Field::Device(kind) => kind.key(),
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// `room_number, room_name, ...`: for messages that list the choices.
    pub fn keys() -> String {
        Field::ALL.map(Field::key).join(", ")
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        Field::from_key(&key).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown field '{key}' (expected one of: {})",
                Field::keys()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_unknown_keys_are_refused() {
        for field in Field::ALL {
            assert_eq!(Field::from_key(field.key()), Some(field));
        }
        assert_eq!(
            Field::from_key("wireless_aps"),
            Some(Field::Device(DeviceKind::WirelessAps))
        );
        let error = serde_json::from_str::<Field>("\"jacks\"").unwrap_err();
        assert!(
            error.to_string().contains("unknown field 'jacks'"),
            "{error}"
        );
    }
}
