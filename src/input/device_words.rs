//! A device column the vocabulary does not list word for word ("Cat6 Drops", "Monitor/TV",
//! "WiFi APs"), recognised by the words it is made of.
//!
//! Room lists name their columns in endless ways, and a count column left unread is silently
//! priced at the room type's standard. So a header that is not in the vocabulary is read as a
//! device count when its words name exactly one kind of device and nothing else that would make
//! it a different column (a future or existing count, power, a price, an identifier). The reader
//! warns that it did, so a wrong guess is seen and can be corrected with `--map`.

use crate::devices::DeviceKind;

/// Words that name one kind of device, after `header_key` (lower case, singular).
const KIND_WORDS: &[(DeviceKind, &[&str])] = &[
    (
        DeviceKind::DataDrops,
        &[
            "data",
            "drop",
            "jack",
            "cat5e",
            "cat6",
            "cat6a",
            "rj45",
            "ethernet",
            "lan",
            "faceplate",
        ],
    ),
    (
        DeviceKind::WirelessAps,
        &[
            "wap",
            "ap",
            "wireless",
            "wifi",
            "wi fi",
            "wlan",
            "access point",
        ],
    ),
    (
        DeviceKind::Workstations,
        &[
            "pc",
            "computer",
            "workstation",
            "desktop",
            "laptop",
            "cow",
            "wow",
            "thin client",
            "zero client",
            "kiosk",
        ],
    ),
    (
        DeviceKind::Phones,
        &["phone", "telephone", "voip", "handset", "tel", "voice"],
    ),
    (
        DeviceKind::Printers,
        &[
            "printer",
            "mfp",
            "mfd",
            "copier",
            "label printer",
            "wristband printer",
        ],
    ),
    (
        DeviceKind::Displays,
        &[
            "display",
            "tv",
            "television",
            "monitor",
            "screen",
            "signage",
            "flat panel",
            "flatscreen",
        ],
    ),
];

/// Words that make a column something other than a count of new devices to install.
const OTHER_MEANING: &[&str] = &[
    "future",
    "spare",
    "existing",
    "exist",
    "relocated",
    "relocate",
    "reuse",
    "reused",
    "remove",
    "removed",
    "demo",
    "owner",
    "ofoi",
    "ofci",
    "nic",
    "power",
    "electrical",
    "receptacle",
    "circuit",
    "outlet type",
    "cost",
    "price",
    "amount",
    "unit",
    "rate",
    "total cost",
    "note",
    "comment",
    "remark",
    "model",
    "make",
    "manufacturer",
    "part",
    "id",
    "number",
    "extension",
    "ext",
    "ip",
    "mac",
    "vlan",
    "port number",
    "location",
    "height",
    "mount",
    "type",
    "size",
    "nurse call",
    "fire",
    "security",
    "camera",
    "cctv",
    "access control",
    "card reader",
    "patient monitor",
    "physiological",
    "telemetry",
    "tube",
    "pneumatic",
];

/// The device kind a header's words name, if exactly one kind and nothing else.
pub fn device_by_words(key: &str) -> Option<DeviceKind> {
    let mut words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    // "# of Drops" and "No. of Jacks" count; "Drop #" and "Phone No." identify.
    if words.first() == Some(&"number") {
        words.remove(0);
    }
    if words.is_empty() || words.len() > 6 || contains_any(&words, OTHER_MEANING) {
        return None;
    }
    let mut kinds = KIND_WORDS
        .iter()
        .filter(|(_, names)| contains_any(&words, names))
        .map(|(kind, _)| *kind);
    let kind = kinds.next()?;
    kinds.next().is_none().then_some(kind)
}

/// Whether the words hold one of the names, a name of several words as consecutive words.
fn contains_any(words: &[&str], names: &[&str]) -> bool {
    names.iter().any(|name| {
        let parts: Vec<&str> = name.split(' ').collect();
        words.windows(parts.len()).any(|w| w == parts.as_slice())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::header::header_key;

    fn kind(header: &str) -> Option<DeviceKind> {
        device_by_words(&header_key(header))
    }

    #[test]
    fn headers_named_by_their_words_are_read_as_their_device() {
        assert_eq!(kind("Cat6 Drops"), Some(DeviceKind::DataDrops));
        assert_eq!(kind("# of Data Jacks (new)"), Some(DeviceKind::DataDrops));
        assert_eq!(kind("Monitor/TV"), Some(DeviceKind::Displays));
        assert_eq!(kind("WiFi APs"), Some(DeviceKind::WirelessAps));
        assert_eq!(
            kind("Wireless Access Points (qty)"),
            Some(DeviceKind::WirelessAps)
        );
        assert_eq!(kind("Thin Client PCs"), Some(DeviceKind::Workstations));
        assert_eq!(kind("VoIP Handsets"), Some(DeviceKind::Phones));
        assert_eq!(kind("Label Printers"), Some(DeviceKind::Printers));
    }

    #[test]
    fn headers_that_mean_something_else_are_left_alone() {
        for header in [
            "Future Data Drops",
            "Existing Phones",
            "Spare Jacks",
            "Power Outlets",
            "Phone Extension",
            "Printer Model",
            "Data Drop IDs",
            "Cost per Drop",
            "Patient Monitor",
            "Security Cameras",
            "Nurse Call Stations",
            // Two kinds at once: which count it is cannot be told.
            "Printer Drops",
            "Voice/Data",
            "Department",
            "",
        ] {
            assert_eq!(kind(header), None, "{header}");
        }
    }
}
