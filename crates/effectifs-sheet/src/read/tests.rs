//! Tests of the file layer.
#[test]
fn probe() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/modele-import-29012025.xlsx");
    let bytes = std::fs::read(path).unwrap();
    let sheet = super::read(&bytes, "modele.xlsx", &super::ReadOptions::default()).unwrap();
    println!("{:?}", sheet.info);
    for c in &sheet.table.columns { println!("{:?} {:?} {:?}", c.header, c.field.map(|f| f.name()), c.matched); }
    println!("{:?}", sheet.table.rows);
}
