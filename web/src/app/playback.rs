//! The playback clock's side of the app: animation frames and the narration of events passed.

use crate::types::secs_text;
use podlife_spec::SimTime;
use wasm_bindgen::JsCast;

use super::App;

impl App {
    pub(super) fn request_frame(&mut self) {
        if self.raf_pending {
            return;
        }
        if let Some(w) = web_sys::window() {
            if w.request_animation_frame(self.raf.as_ref().unchecked_ref())
                .is_ok()
            {
                self.raf_pending = true;
            }
        }
    }

    pub(super) fn play(&mut self, on: bool) {
        let until = self.until();
        self.clock.set_playing(on, until);
        if self.clock.playing {
            self.request_frame();
        }
    }

    pub(super) fn narrate(&mut self, from: SimTime, to: SimTime) {
        let Some(run) = &self.run else { return };
        if let Some(e) = run
            .trace
            .events
            .iter()
            .rfind(|e| e.recorded && e.time > from && e.time <= to)
        {
            self.narration = format!(
                "{} s {} {}: {}",
                secs_text(e.time),
                e.type_,
                e.reason,
                e.message.trim_end()
            );
        }
    }
}
