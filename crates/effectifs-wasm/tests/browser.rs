//! The package's calls in a real browser: headless Chromium through chromedriver (see
//! `scripts/test.sh`: `CHROMEDRIVER=/usr/bin/chromedriver`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod cases;
