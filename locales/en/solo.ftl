# Interface text of the solo trainer: the ending, leaving, scrolling, details, "How it works".

## The ending and leaving

the-end = The end
ending-enter = Enter: the debrief
walk-out-title = The patient walked out
leave-question = Leave this conversation? It will be recorded as abandoned.
leave-keys = Enter or y: leave · any other key: stay
tried = tried

## Scrolling

more-above = more above
more-below = more below

## Scenario details (Home, d)

details = Details
scenario-id = Id
languages = Languages

## How it works

intro-title = How it works
intro-goal = You are the clinic's administrator. A patient speaks or calls; you choose what to say. The aim is to solve the patient's problem and keep them with the clinic.
intro-fatal-heading = The three fatal errors
intro-fatal-justifying = explaining why it is not your fault or why the rules are as they are. It is about the clinic, not the patient, and sounds like an excuse.
intro-fatal-ignoring = not engaging with the problem or the feeling: a shrug, the rules read back, "we don't do that". The patient feels unheard.
intro-fatal-counter = blaming or scolding the patient. A complaint turns into a fight.
intro-example = For example
intro-works-heading = What works
intro-works = One short phrase that shows you understand, then straight to a solution. The trainer recognises these techniques:
intro-modes-heading = Practice and exam
intro-practice = Practice: after each reply you see what the patient thinks, a verdict and a better phrasing. Backspace takes the reply back to try another; a retried decision earns at most half.
intro-exam = Exam: no feedback until the debrief at the end. Switch with m on the scenario list.
intro-score-heading = How the score is made
intro-score = Each reply is worth 0 if it is a fatal error or a pitfall, 1 if it is neutral and 2 if it uses a technique. A decision earns its reply's worth divided by the best worth on offer there, so the best reply available earns 1 and a fatal error or a pitfall 0. The score is 100 × the earned total ÷ the number of decisions, rounded down: always taking the best reply scores 100, any fatal error or pitfall scores less. The outcome (the patient retained, referred, escalated or lost) is shown beside the score, not counted in it.
intro-mood-heading = The mood meter
intro-mood = The patient's mood runs from −10 to +10; each reply moves it. The word beside the meter says where it stands: calm at 0 and above, tense from −1 to −3, angry at −4 and below, leaving when it is within two points of the scenario's limit. The number in brackets is the mood itself: "calm (+0)" means mood 0. Below the limit the patient walks out and the conversation ends.
intro-keys = ? on any screen lists its keys. Press i on the scenario list, or in help, to read this page again.
