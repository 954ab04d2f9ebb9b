# Words of the scenario-file vocabulary shown to users, keyed by the word used in the files.

## Settings

setting-desk = desk
setting-phone = phone

## Fatal errors

fatal-justifying = justifying
fatal-ignoring = ignoring
fatal-counter-attacking = counter-attacking

## Techniques

technique-acknowledge = acknowledge
technique-clarify = clarify
technique-boundary = boundary
technique-compensate = compensate
technique-refer = refer
technique-follow-up = follow-up call
technique-active-listening = active listening
technique-check-understanding = check understanding
technique-use-name = use the name
technique-inform = inform
technique-document = document
technique-solve = solve

## Endings

ending-retained = retained: the patient stays
ending-referred = referred with care
ending-escalated = escalated: the complaint goes further
ending-lost = lost: the patient will not come back
