# The trainer's line about sending results to the learning record store (xAPI).

xapi-sending = Sending results to the learning record store…
xapi-all-sent = All results are in the learning record store.
xapi-waiting = { $n ->
    [one] { $n } run waiting to be sent
   *[other] { $n } runs waiting to be sent
}
xapi-sent = { $n ->
    [one] { $n } run sent to the learning record store
   *[other] { $n } runs sent to the learning record store
}
xapi-why-unreachable = the learning record store cannot be reached
xapi-why-timeout = the learning record store did not answer in time
xapi-why-password = the learning record store refused the user name or password
xapi-why-refused = the learning record store refused the results
xapi-why-history = the history cannot be read
