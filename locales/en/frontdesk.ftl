# Interface text of frontdesk, English. Every message here must exist in every other folder
# under locales/ (the test `every_language_defines_every_message` checks it).
# Scenario text (patients' lines, replies) comes from the scenario files, not from here.

language-name = English

## Conversation

you = You
narrator = *
thinks = thinks
better = Better
your-reply = Your reply
not-a-reply = Type the number of a reply
replies = Your reply
feedback = What happened
mood = Mood
neutral = neutral

## Debrief

debrief = Debrief
outcome = Outcome
walked-out = the patient walked out
score = Score
fatal-errors = Fatal errors
poor-replies = What would have worked better
all-good = No poor replies: every decision was among the best on offer.
you-said = you said
retries = Retries
retried = retried
mood-over-time = Mood over the conversation
decisions = Your decisions
what-you-said = You said
best-reply = Best reply here

## Home and scenario picking

fallback-notice = is not available in this language; showing it in
difficulty = difficulty
pick-scenario = Pick a scenario
scenarios = Scenarios
practice = practice
exam = exam
mode-label = Mode
exam-note = Exam: no feedback until the end.
source = Source
best-score = best
last = last
no-scenarios = No scenarios in this language.

## Phrasebook, help, frame

phrasebook = Phrasebook: good replies by technique
search = Search
no-matches = Nothing matches.
help = Keys
too-small = frontdesk needs a window of at least
now = now
watch-errors = the file has errors; fix and save (the last good version is shown)
watch-removed = was removed; the last version stays until it is back
watch-unreadable = cannot be read; the last version stays until it can be

## Group sessions and their report

decision = Decision
reply = Reply
stage-scene = Scene
stage-discuss = Discuss
stage-vote = Vote
stage-choose = Choose
stage-reveal = Reveal
discuss = Discuss
# The column header of the votes in the group report.
votes-column = votes
room-chose = The room chose
fatal-share = of the room voted for a fatal error
no-votes = no votes counted
leaning = The room leaned most to
no-leaning = The room never voted for a fatal error.
time-up = Time's up: the room decides.
group-debrief = Group debrief
room-path = The room's path
end-confirm = End the session? Esc again to leave, any other key to stay.
chosen-by-trainer = chosen by the trainer
report-written = Report written to
report-failed = Could not write the report
ended-early = The session ended before the conversation did.
date = Date
scenario = Scenario

## Progress

progress = Progress
not-recording = Not recording
no-history = No finished runs yet: play a scenario and your scores appear here.
scores-over-time = Score over time
fatal-30d = Fatal errors, last 30 days
least-technique = Technique you used least
most-missed = Decisions you most often get wrong

## Counts: $n is a number

n-runs = { $n ->
    [one] { $n } run
   *[other] { $n } runs
}
n-votes = { $n ->
    [one] { $n } vote
   *[other] { $n } votes
}
n-times = { $n ->
    [one] { $n } time
   *[other] { $n } times
}
wrong-times = { $n ->
    [one] wrong once
   *[other] wrong { $n } times
}

## Mood words

mood-calm = calm
mood-tense = tense
mood-angry = angry
mood-leaving = leaving

## The group session's report.
notes = Notes
narrator-line = Narrator
trainer = Trainer
group-name = Group
start-time = Started
duration = Duration
timer = Discussion timer
timer-off = off
headcount = Headcount (most hands in a round)
verdicts-shown = Verdicts shown
after-each = after each decision
at-the-end = at the end (exam)
summary = Summary
number-column = No.
room-votes = The room's votes
reply-taken = Reply taken
whose-choice = Whose choice
verdict-column = Verdict
speaker-column = Speaker
line-column = Line
letter-column = Letter
taken-column = Taken
by-room = room
trainer-override = trainer override
tie = tie
nobody-voted = no votes
how-it-ended = How it ended
replay = Replay
n-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
n-seconds = { $n ->
    [one] { $n } second per discussion
   *[other] { $n } seconds per discussion
}

## The presenter's reveal, in the room's words

# The reply letters, in order: the room sees these on the projector and the phones.
letters = ABCDEFGHIJKLMNOPQRSTUVWXYZ
trainer-chose = The trainer chose
the-room = the room
tie-between = Tie
and = and
nobody-voted-title = No votes
pick-a-letter = press a reply's letter to choose
all-replies = Every reply at this decision
looking-back = The last reveal (→ back to the scene)
count-typed = votes for
your-group-sessions = Group sessions you ran (not in your own scores)
n-people = { $n ->
    [one] { $n } person
   *[other] { $n } people
}
