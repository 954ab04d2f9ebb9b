# `frontdesk new --lang en`: the words of the starter scenario file. They become YAML strings
# and comments: keep them on one line, without double quotes. { $patient } and { $doctor } write
# the scenario's own placeholders; {"{"} and {"}"} write a literal brace.

scaffold-intro = A new frontdesk scenario. Replace the words; keep the shape until `frontdesk check` is happy.
scaffold-docs = Every key is documented in docs/scenario-format.md. Useful commands:
scaffold-check = # every problem, with line and column
scaffold-graph = # the dialogue as a picture (Graphviz)
scaffold-watch = # play it; saving the file reloads it
scaffold-title = A new case
scaffold-summary = What happens, in one or two sentences.
scaffold-source = Where the case comes from
scaffold-roles = who speaks besides the trainee; add `doctor: {"{"}name: Dr. Lee{"}"}` and use { $doctor } in text
scaffold-p1 = Anna Smith
scaffold-p2 = Olga Brown
scaffold-walk-out = { $patient } turns and leaves.
scaffold-opening-desk = A patient comes up to the desk.
scaffold-opening-phone = The phone rings.
scaffold-ask1 = Hello, I have a problem with my appointment.
scaffold-ask2 = Good morning. Something has gone wrong with my booking.
scaffold-variants = a list: one variant is picked per run
scaffold-discuss = What do you need to find out first?
scaffold-good-text = I'm sorry to hear that, { $patient }. What happened?
scaffold-flags = the patient remembers: test it later with `if:`
scaffold-good-thought = Good, she's listening.
scaffold-good-feedback = Acknowledge, then clarify: one phrase of understanding, then an open question.
scaffold-bad-text = The schedule is set by the doctors, it's not up to the desk.
scaffold-bad-thought = So it's not your problem, then.
scaffold-bad-feedback = Justifying: it talks about the clinic, not the patient. Try: “I'm sorry to hear that. What happened?”
scaffold-details = My appointment was moved and nobody told me.
scaffold-solve-text = Let me find you the first free time today.
scaffold-solve-thought = Finally, someone is doing something.
scaffold-solve-feedback = Solve: a concrete next step, right away.
scaffold-branches = the first branch whose `if` holds; the last has no `if`
scaffold-attack-text = You should have checked your messages.
scaffold-attack-thought = So it's my fault now?
scaffold-attack-feedback = Counter-attacking: it blames the patient. Try: “I'm sorry nobody told you. Let me fix it now.”
scaffold-thanks = Thank you, that works.
scaffold-manager = I'd like to speak to the manager about this.
scaffold-gone = The patient leaves without a word.
