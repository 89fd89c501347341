//! `schema/report.schema.json` is generated from the report types and must stay in step.

mod common;

#[test]
fn committed_schema_matches_the_report_types() {
    let out = common::samestory(&["schema"]);
    let generated = String::from_utf8(out.stdout).unwrap();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/report.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if std::env::var_os("SAMESTORY_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    assert_eq!(
        committed.trim(),
        generated.trim(),
        "schema/report.schema.json is stale: run `SAMESTORY_BLESS=1 cargo test -p samestory --test schema`"
    );
}
