# Pitfalls (issue 16): replies that are not one of the three fatal errors but still teach the
# wrong lesson, keyed by the word used in scenario files; and the words that show them.

## Pitfalls

pitfall-giving-in = giving in
pitfall-over-promising = over-promising
pitfall-overstepping = overstepping
pitfall-passing-up = passing the problem up

## Where they are counted

pitfalls = Pitfalls
pitfalls-30d = Pitfalls, last 30 days
decision-number = Decision { $n }

## How it works

intro-pitfall-heading = Pitfalls
intro-pitfall = Some replies are not one of the three fatal errors but still go wrong: giving in (doing what the desk should not, to make the pressure stop), over-promising (what the desk cannot guarantee), overstepping (medical advice, someone else's private data) and passing the problem up (handing the desk's own job to the doctor or the manager). A pitfall is worth 0, like a fatal error, and is counted on its own.
