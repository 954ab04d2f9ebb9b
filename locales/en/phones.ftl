## Votes from phones: the projector's join panel and the phone page

phones-join = Vote on your phone
phones-room-code = Room code
n-phones-joined = { $n ->
    [one] { $n } phone joined
   *[other] { $n } phones joined
}
phone-title = Vote
phone-patient = The patient says
phone-your-vote = Your vote:
phone-tap-to-change = tap another to change
phone-tap-to-vote = Tap a reply to vote.
phone-vote-button = Vote for this reply
phone-voting-closed = Voting is closed.
phone-waiting = Listen to the scene; the vote opens soon.
phone-ended = The session has ended. Thank you!
phone-verdict = The reply you voted for:
phone-wrong-room = Wrong or missing room code. Scan the code on the screen again.
phone-not-found = There is no such page.
phone-too-big = That request is too large.
phone-slow-down = Too many requests; wait a second and try again.
phone-back = Back to the vote
