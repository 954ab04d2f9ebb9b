## The trainer's console (`frontdesk console`): what only the trainer sees

console-title = Trainer's console
console-only-you = only you see this
console-next = Next
console-hands = hands
console-phones = phones
console-blank = The projector is blank; any key brings it back.
console-confirm-leave = The projector asks whether to end the session; Esc there ends it.
console-ended = The debrief is on the projector; Esc there ends the session.
console-gone = The session has ended.
console-detach = detach
console-coaching = Coaching
