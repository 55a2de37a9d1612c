//! The rate limit (`docs/api.md#rate-limits`: a fixed window of requests per organisme) and the injected
//! failures (`--fail-rate`, and scripted faults for tests).

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// At most `requests` per `window` and per organisme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// The window (the platform's is 60 s).
    pub window: Duration,
}

/// What the limiter says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Let it through; `remaining` requests are left in the window, which resets in `reset`.
    Allowed {
        /// Requests left.
        remaining: u32,
        /// Time before the window resets.
        reset: Duration,
    },
    /// Refuse it (429) until the window resets.
    Limited {
        /// Time before the window resets.
        reset: Duration,
    },
}

/// Fixed windows, one per organisme.
#[derive(Debug, Default)]
pub struct Limiter {
    windows: HashMap<String, (Instant, u32)>,
}

impl Limiter {
    /// Counts a request of `organisme` at `now`.
    pub fn check(&mut self, limit: RateLimit, organisme: &str, now: Instant) -> Verdict {
        let (start, count) = self.windows.entry(organisme.to_owned()).or_insert((now, 0));
        if now.duration_since(*start) >= limit.window {
            *start = now;
            *count = 0;
        }
        let reset = limit.window.saturating_sub(now.duration_since(*start));
        if *count >= limit.requests {
            return Verdict::Limited { reset };
        }
        *count += 1;
        Verdict::Allowed {
            remaining: limit.requests - *count,
            reset,
        }
    }
}

/// A failure the sandbox plays on an ingestion request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer normally.
    None,
    /// HTTP 500 with the platform's body (`docs/api.md#other-answers`), nothing stored.
    ServerError,
    /// Read the request, then close the connection without answering, nothing stored.
    DropConnection,
}

/// Decides the fault of each ingestion request: the scripted ones first, in order, then at random
/// with probability `fail_rate` (half 500s, half dropped connections).
#[derive(Debug, Clone)]
pub struct Faults {
    script: Vec<Fault>,
    fail_rate: f64,
    state: u64,
    count: usize,
}

impl Faults {
    /// Scripted faults, then random ones from `seed`.
    pub fn new(script: Vec<Fault>, fail_rate: f64, seed: u64) -> Faults {
        Faults {
            script,
            fail_rate: if fail_rate.is_finite() {
                fail_rate.clamp(0.0, 1.0)
            } else {
                0.0
            },
            state: seed,
            count: 0,
        }
    }

    /// The fault of the next ingestion request.
    pub fn next_fault(&mut self) -> Fault {
        let index = self.count;
        self.count += 1;
        if let Some(fault) = self.script.get(index) {
            return *fault;
        }
        if self.fail_rate <= 0.0 {
            return Fault::None;
        }
        let draw = self.next_u64();
        // The top 53 bits as a number in [0, 1).
        #[allow(clippy::cast_precision_loss, reason = "53 bits fit an f64 exactly")]
        let unit = (draw >> 11) as f64 / (1u64 << 53) as f64;
        if unit >= self.fail_rate {
            Fault::None
        } else if draw & 1 == 0 {
            Fault::ServerError
        } else {
            Fault::DropConnection
        }
    }

    /// `SplitMix64`.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_window_per_organisme() {
        let limit = RateLimit {
            requests: 2,
            window: Duration::from_secs(60),
        };
        let start = Instant::now();
        let mut limiter = Limiter::default();
        let at = |seconds| start + Duration::from_secs(seconds);
        let cases: &[(&str, u64, Verdict)] = &[
            (
                "a",
                0,
                Verdict::Allowed {
                    remaining: 1,
                    reset: Duration::from_secs(60),
                },
            ),
            (
                "a",
                10,
                Verdict::Allowed {
                    remaining: 0,
                    reset: Duration::from_secs(50),
                },
            ),
            (
                "a",
                20,
                Verdict::Limited {
                    reset: Duration::from_secs(40),
                },
            ),
            (
                "b",
                20,
                Verdict::Allowed {
                    remaining: 1,
                    reset: Duration::from_secs(60),
                },
            ),
            (
                "a",
                60,
                Verdict::Allowed {
                    remaining: 1,
                    reset: Duration::from_secs(60),
                },
            ),
        ];
        for (organisme, seconds, expected) in cases {
            assert_eq!(
                limiter.check(limit, organisme, at(*seconds)),
                *expected,
                "{organisme} at {seconds} s"
            );
        }
    }

    #[test]
    fn faults_script_then_rate() {
        let mut faults = Faults::new(vec![Fault::None, Fault::DropConnection], 0.0, 1);
        let drawn: Vec<Fault> = (0..4).map(|_| faults.next_fault()).collect();
        assert_eq!(drawn, [Fault::None, Fault::DropConnection, Fault::None, Fault::None]);

        let mut faults = Faults::new(Vec::new(), 0.2, 42);
        let failed = (0..10_000).filter(|_| faults.next_fault() != Fault::None).count();
        assert!((1_700..2_300).contains(&failed), "about 20 %: {failed}");
        let mut always = Faults::new(Vec::new(), 1.0, 42);
        let kinds: Vec<Fault> = (0..200).map(|_| always.next_fault()).collect();
        assert!(kinds.contains(&Fault::ServerError) && kinds.contains(&Fault::DropConnection));
        assert!(!kinds.contains(&Fault::None));
    }
}
