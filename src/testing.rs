//! Helpers shared by unit tests across modules.

/// A small linear congruential generator: `next(bound)` gives a number
/// below `bound`, the same sequence every run for a given seed, so a test
/// that compares two implementations on generated input is repeatable.
pub fn generator(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |bound| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % bound
    }
}

/// The labelled support lines of `fixtures/languages/lines.tsv`: each
/// line's ISO 639-3 code and its text.
pub fn labelled_lines() -> impl Iterator<Item = (&'static str, &'static str)> {
    include_str!("../fixtures/languages/lines.tsv")
        .lines()
        .filter_map(|line| line.split_once('\t'))
}
