//! Properties of the estimate over random room lists: every total is the sum of rounded lines
//! (per discipline, per room, overall), and adding a room never lowers the total.

use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use sowgen::Catalog;
use sowgen::DeviceCounts;
use sowgen::{Estimate, Location, estimate};
use sowgen::{Room, RoomList};

/// The default catalog, and a variant with awkward prices and rates (half cents, thirds of an
/// hour, odd percentages) so rounding is exercised on every line.
fn catalogs() -> Vec<Catalog> {
    let mut odd: toml::Table = toml::from_str(sowgen::DEFAULT_CATALOG).unwrap();
    let set = |table: &mut toml::Table, path: &[&str], value: &str| {
        let (last, parents) = path.split_last().unwrap();
        let mut at = table;
        for key in parents {
            at = at[*key]
                .as_table_mut()
                .expect("the default catalog has the table");
        }
        assert!(at.contains_key(*last), "the default catalog has {path:?}");
        at.insert(last.to_string(), toml::Value::String(value.into()));
    };
    for (part, cost, hours) in [
        ("CAT6A-RUN", "96.005", "0.333"),
        ("CAT6A-JACK", "12.495", "0.15"),
        ("PC-SFF", "1189.125", "0.47"),
        ("SW-48-POE", "8950.555", "4.1"),
    ] {
        set(&mut odd, &["parts", part, "unit_cost"], cost);
        set(&mut odd, &["parts", part, "labor_hours"], hours);
    }
    set(
        &mut odd,
        &["disciplines", "cabling", "labor_rate"],
        "124.99",
    );
    set(&mut odd, &["project", "contingency_percent"], "7.5");
    set(&mut odd, &["project", "sales_tax_percent"], "6.875");
    set(&mut odd, &["project", "project_management_percent"], "7.3");
    let odd = Catalog::parse(
        &toml::to_string(&odd).unwrap(),
        std::path::Path::new("odd.toml"),
    )
    .expect("the odd catalog is valid");
    vec![Catalog::default_catalog(), odd]
}

fn cents(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A room: a catalog room type by index, an IDF (or none), counts.
type RoomSpec = (usize, Option<u8>, [u32; 6]);

fn room_spec() -> impl Strategy<Value = RoomSpec> {
    (
        0usize..25,
        proptest::option::weighted(0.9, 0u8..4),
        proptest::array::uniform6(0u32..40),
    )
}

fn room(catalog: &Catalog, index: usize, spec: &RoomSpec) -> Room {
    let (type_index, idf, counts) = spec;
    let room_type = &catalog.room_types()[type_index % catalog.room_types().len()];
    Room {
        sheet: "Rooms".into(),
        row: index as u32 + 2,
        number: format!("R-{index}"),
        name: format!("{} {index}", room_type.name),
        room_type: room_type.name.clone(),
        department: None,
        floor: Some(format!("{}", index % 3)),
        building: None,
        idf: idf.map(|i| format!("IDF-{i}")),
        area_sf: None,
        notes: None,
        counts: DeviceCounts::new(*counts),
        blank_counts: Default::default(),
        type_inferred: false,
        excluded: false,
    }
}

fn list(catalog: &Catalog, specs: &[RoomSpec], budget: Option<Decimal>) -> RoomList {
    let mut list = RoomList {
        file: "random.xlsx".into(),
        rooms: specs
            .iter()
            .enumerate()
            .map(|(i, s)| room(catalog, i, s))
            .collect(),
        ..Default::default()
    };
    list.project.approved_budget = budget;
    list
}

fn check_sums(e: &Estimate, catalog: &Catalog) -> Result<(), TestCaseError> {
    let sum = |f: &dyn Fn(&sowgen::LineItem) -> bool,
               field: fn(&sowgen::LineItem) -> Decimal|
     -> Decimal { e.lines.iter().filter(|l| f(l)).map(field).sum() };
    for line in &e.lines {
        prop_assert_eq!(line.material, cents(line.qty * line.unit_cost));
        prop_assert_eq!(line.labor, cents(line.labor_hours * line.labor_rate));
        prop_assert_eq!(line.total, line.material + line.labor);
        // Money always carries its cents.
        prop_assert!(line.material.scale() == 2 && line.labor.scale() == 2);
    }
    // Overall.
    let material = sum(&|_| true, |l| l.material);
    let labor = sum(&|_| true, |l| l.labor);
    let t = &e.totals;
    prop_assert_eq!(t.material, material);
    prop_assert_eq!(t.labor, labor);
    let pct = |p: Decimal| p / Decimal::ONE_HUNDRED;
    let rules = catalog.rules();
    prop_assert_eq!(
        t.project_management,
        cents(labor * pct(rules.project_management_percent))
    );
    prop_assert_eq!(t.subtotal, material + labor + t.project_management);
    prop_assert_eq!(t.tax, cents(material * pct(rules.sales_tax_percent)));
    prop_assert_eq!(
        t.contingency,
        cents(t.subtotal * pct(rules.contingency_percent))
    );
    prop_assert_eq!(t.grand_total, t.subtotal + t.tax + t.contingency);
    for money in [
        t.material,
        t.labor,
        t.project_management,
        t.subtotal,
        t.tax,
        t.contingency,
        t.grand_total,
    ] {
        prop_assert_eq!(money.scale(), 2);
    }
    if let Some(budget) = t.approved_budget {
        prop_assert_eq!(t.variance, Some(budget - t.grand_total));
    }
    // Per discipline: its lines, plus project management on its own discipline.
    let mut all = Decimal::ZERO;
    for d in &e.disciplines {
        let mine = |l: &sowgen::LineItem| *l.discipline == *d.id;
        prop_assert_eq!(d.material, sum(&mine, |l| l.material));
        prop_assert_eq!(d.labor, sum(&mine, |l| l.labor));
        let pm = if d.id == rules.project_management_discipline {
            t.project_management
        } else {
            Decimal::ZERO
        };
        prop_assert_eq!(d.total, d.material + d.labor + pm);
        all += d.total;
    }
    prop_assert_eq!(all, t.subtotal);
    // Per room: its own lines; and rooms plus telecom rooms make up every line.
    let mut rooms_total = Decimal::ZERO;
    for r in &e.rooms {
        let mine = |l: &sowgen::LineItem| l.location == Location::Room && *l.place == *r.number;
        prop_assert_eq!(r.material, sum(&mine, |l| l.material));
        prop_assert_eq!(r.labor, sum(&mine, |l| l.labor));
        prop_assert_eq!(r.total, r.material + r.labor);
        rooms_total += r.total;
    }
    let idf_total = sum(&|l| l.location == Location::TelecomRoom, |l| l.total);
    prop_assert_eq!(rooms_total + idf_total, material + labor);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn totals_are_sums_of_rounded_lines(
        specs in proptest::collection::vec(room_spec(), 0..30),
        budget in proptest::option::of(0u32..2_000_000),
    ) {
        for catalog in catalogs() {
            let e = estimate(&list(&catalog, &specs, budget.map(Decimal::from)), &catalog);
            check_sums(&e, &catalog)?;
        }
    }

    #[test]
    fn adding_a_room_never_lowers_the_total(
        specs in proptest::collection::vec(room_spec(), 0..30),
        extra in room_spec(),
        at in any::<prop::sample::Index>(),
    ) {
        for catalog in catalogs() {
            let before = estimate(&list(&catalog, &specs, None), &catalog);
            let mut more = specs.clone();
            more.insert(at.index(specs.len() + 1), extra);
            let after = estimate(&list(&catalog, &more, None), &catalog);
            check_sums(&after, &catalog)?;
            prop_assert!(after.totals.grand_total >= before.totals.grand_total,
                "{} < {}", after.totals.grand_total, before.totals.grand_total);
            prop_assert!(after.totals.material >= before.totals.material);
            prop_assert!(after.totals.labor >= before.totals.labor);
            for (b, a) in before.disciplines.iter().zip(&after.disciplines) {
                prop_assert!(a.total >= b.total, "{} fell", a.id);
            }
        }
    }
}
