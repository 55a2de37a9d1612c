//! A tiny deterministic pseudo-random generator (`SplitMix64`): the bench needs no `rand` crate,
//! and the same seed always generates the very same file, so figures can be compared across runs.

/// `SplitMix64` (Steele, Lea and Flood): 64 bits of state, good enough statistics for test data.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number uniformly drawn in `0..bound` (`0` when `bound` is `0`), by Lemire's
    /// multiply-shift, which needs no division.
    pub fn below(&mut self, bound: u32) -> u32 {
        let wide = (self.next_u64() >> 32) * u64::from(bound);
        u32::try_from(wide >> 32).unwrap_or(0)
    }

    /// A number uniformly drawn in `low..=high` (`low` when `high < low`).
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        let span = u32::try_from(high.saturating_sub(low).saturating_add(1)).unwrap_or(0);
        low + i64::from(self.below(span))
    }

    /// True with a probability of `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille
    }

    /// A uniformly chosen item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = self.below(u32::try_from(items.len()).unwrap_or(u32::MAX));
        &items[usize::try_from(index).unwrap_or(0)]
    }

    /// An item chosen with the given relative weights (the first one if all weights are zero).
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total = items.iter().map(|(_, weight)| weight).sum();
        let mut draw = self.below(total);
        for &(item, weight) in items {
            if draw < weight {
                return item;
            }
            draw -= weight;
        }
        items[0].0
    }

    /// `count` random decimal digits.
    pub fn digits(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| char::from(b'0' + u8::try_from(self.below(10)).unwrap_or(0)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_same_numbers() {
        let mut first = Rng::new(42);
        let mut second = Rng::new(42);
        for _ in 0..100 {
            assert_eq!(first.next_u64(), second.next_u64());
        }
    }

    #[test]
    fn draws_stay_in_range() {
        let mut rng = Rng::new(7);
        for _ in 0..10_000 {
            assert!(rng.below(13) < 13);
            assert!((-5..=5).contains(&rng.between(-5, 5)));
        }
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.between(3, 3), 3);
    }
}
