//! The six kinds of device a room list counts, and a fixed-size tally of them.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::ops::{Add, AddAssign, Index, IndexMut};

/// A device column of the room list. The order here is the order of every table and JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    DataDrops,
    WirelessAps,
    Workstations,
    Phones,
    Printers,
    Displays,
}

impl DeviceKind {
    pub const ALL: [DeviceKind; 6] = [
        DeviceKind::DataDrops,
        DeviceKind::WirelessAps,
        DeviceKind::Workstations,
        DeviceKind::Phones,
        DeviceKind::Printers,
        DeviceKind::Displays,
    ];

    /// The key used in JSON and the catalog.
    pub fn key(self) -> &'static str {
        match self {
            DeviceKind::DataDrops => "data_drops",
            DeviceKind::WirelessAps => "wireless_aps",
            DeviceKind::Workstations => "workstations",
            DeviceKind::Phones => "phones",
            DeviceKind::Printers => "printers",
            DeviceKind::Displays => "displays",
        }
    }

    /// The words a person reads in a table heading.
    pub fn label(self) -> &'static str {
        match self {
            DeviceKind::DataDrops => "Data Drops",
            DeviceKind::WirelessAps => "Wireless APs",
            DeviceKind::Workstations => "Workstations",
            DeviceKind::Phones => "Phones",
            DeviceKind::Printers => "Printers",
            DeviceKind::Displays => "Displays",
        }
    }

    /// One device as people write it in a sentence: "data drop", "Wi-Fi access point".
    pub fn noun(self) -> &'static str {
        match self {
            DeviceKind::DataDrops => "data drop",
            DeviceKind::WirelessAps => "Wi-Fi access point",
            DeviceKind::Workstations => "workstation",
            DeviceKind::Phones => "phone",
            DeviceKind::Printers => "printer",
            DeviceKind::Displays => "display",
        }
    }

    /// The devices in a sentence: "Wi-Fi access points".
    pub fn plural(self) -> String {
        format!("{}s", self.noun())
    }

    /// A count of the devices in a sentence: "1 display", "6 Wi-Fi access points".
    pub fn counted(self, n: u32) -> String {
        crate::text::counted(n as usize, self.noun())
    }

    /// The devices leading a line of a list: "Wi-Fi access points", "Data drops".
    pub fn heading(self) -> String {
        let plural = self.plural();
        let mut chars = plural.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => plural,
        }
    }

    pub fn from_key(key: &str) -> Option<DeviceKind> {
        DeviceKind::ALL.into_iter().find(|k| k.key() == key)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A count for each device kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeviceCounts([u32; 6]);

impl DeviceCounts {
    pub fn new(values: [u32; 6]) -> Self {
        DeviceCounts(values)
    }

    pub fn iter(&self) -> impl Iterator<Item = (DeviceKind, u32)> + '_ {
        DeviceKind::ALL.into_iter().map(|k| (k, self[k]))
    }

    pub fn total(&self) -> u64 {
        self.0.iter().map(|&v| u64::from(v)).sum()
    }
}

impl Index<DeviceKind> for DeviceCounts {
    type Output = u32;
    fn index(&self, kind: DeviceKind) -> &u32 {
        &self.0[kind.index()]
    }
}

impl IndexMut<DeviceKind> for DeviceCounts {
    fn index_mut(&mut self, kind: DeviceKind) -> &mut u32 {
        &mut self.0[kind.index()]
    }
}

impl Add for DeviceCounts {
    type Output = DeviceCounts;
    fn add(mut self, other: DeviceCounts) -> DeviceCounts {
        self += other;
        self
    }
}

impl AddAssign for DeviceCounts {
    fn add_assign(&mut self, other: DeviceCounts) {
        // Exact: a room list holds at most MAX_ROOMS rooms of at most MAX_DEVICE_COUNT devices
        // of a kind, and their product fits in a u32 (asserted in limits.rs); counts built in
        // code past those limits are a programming error.
        for kind in DeviceKind::ALL {
            self[kind] = self[kind]
                .checked_add(other[kind])
                .expect("device totals are bounded by the room and count limits");
        }
    }
}

impl Serialize for DeviceCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(6))?;
        for (kind, value) in self.iter() {
            map.serialize_entry(kind.key(), &value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DeviceCounts {
    /// Kinds left out of a table count as zero; an unknown kind is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, u32>::deserialize(deserializer)?;
        let mut counts = DeviceCounts::default();
        for (key, value) in raw {
            let kind = DeviceKind::from_key(&key).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown device kind '{key}' (expected one of: {})",
                    DeviceKind::ALL.map(|k| k.key()).join(", ")
                ))
            })?;
            counts[kind] = value;
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_in_fixed_order_with_spec_keys() {
        let counts = DeviceCounts::new([1, 2, 3, 4, 5, 6]);
        let json = serde_json::to_string(&counts).unwrap();
        assert_eq!(
            json,
            r#"{"data_drops":1,"wireless_aps":2,"workstations":3,"phones":4,"printers":5,"displays":6}"#
        );
        let back: DeviceCounts = serde_json::from_str(&json).unwrap();
        assert_eq!(back, counts);
    }

    #[test]
    fn devices_are_counted_as_people_write_them() {
        assert_eq!(DeviceKind::Displays.counted(1), "1 display");
        assert_eq!(DeviceKind::Workstations.counted(1), "1 workstation");
        assert_eq!(DeviceKind::WirelessAps.counted(6), "6 Wi-Fi access points");
        assert_eq!(DeviceKind::WirelessAps.heading(), "Wi-Fi access points");
        assert_eq!(DeviceKind::DataDrops.heading(), "Data drops");
        assert_eq!(DeviceKind::Phones.plural(), "phones");
    }

    #[test]
    fn missing_kinds_are_zero_and_unknown_kinds_rejected() {
        let counts: DeviceCounts = serde_json::from_str(r#"{"phones": 2}"#).unwrap();
        assert_eq!(counts[DeviceKind::Phones], 2);
        assert_eq!(counts.total(), 2);
        assert!(serde_json::from_str::<DeviceCounts>(r#"{"fax": 1}"#).is_err());
    }
}
