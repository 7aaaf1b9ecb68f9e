//! Every rule of the default packs proves its documentation: each
//! `example` fires, each `instead` stays quiet, each `[[rule.test]]`
//! produces exactly the findings it expects.

use tact::check::examples::run_rule_tests;
use tact::pack::load_packs;

#[test]
fn every_default_rule_passes_its_examples_and_tests() {
    let packs = load_packs(&[]).unwrap_or_else(|errors| {
        panic!("default packs must load: {errors:#?}");
    });
    let mut failures = Vec::new();
    let mut total = 0;
    for rule in packs.iter().flat_map(|p| &p.rules) {
        assert!(rule.docs.example.is_some(), "{} has no example", rule.id);
        assert!(rule.docs.instead.is_some(), "{} has no instead", rule.id);
        let negatives = rule.tests.iter().filter(|t| t.expect == 0).count();
        assert!(
            negatives >= 5,
            "{} has only {negatives} negative tests",
            rule.id
        );
        let (cases, failed) = run_rule_tests(rule).expect("default rules compile");
        total += cases;
        failures.extend(failed);
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed: {failures:#?}",
        failures.len()
    );
}
