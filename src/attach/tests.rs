use super::*;

fn file(pid: u32, minute: u32) -> SessionFile {
    SessionFile {
        pid,
        address: "127.0.0.1:4000".parse().unwrap(),
        token: Token::new().as_str().to_string(),
        scenario: "child-patient".into(),
        started: chrono::DateTime::from_timestamp(1_795_000_000 + i64::from(minute) * 60, 0)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// A process id that is surely gone: a child that has been waited for.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn tokens_are_random_hex_and_compared_exactly() {
    let a = Token::new();
    let b = Token::new();
    assert_ne!(a, b);
    assert_eq!(a.as_str().len(), 32);
    assert!(a.as_str().bytes().all(|c| c.is_ascii_hexdigit()));
    assert!(a.matches(a.as_str()));
    assert!(!a.matches(b.as_str()));
    assert!(!a.matches(""));
    assert!(!a.matches(&a.as_str()[..31]));
    assert!(!a.matches(&format!("{}0", a.as_str())));
    let mut flipped = a.as_str().to_string().into_bytes();
    flipped[31] = if flipped[31] == b'0' { b'1' } else { b'0' };
    assert!(!a.matches(std::str::from_utf8(&flipped).unwrap()));
    assert!(
        !format!("{a:?}").contains(a.as_str()),
        "Debug keeps it secret"
    );
    assert!(constant_time_eq(b"", b""));
}

#[test]
fn the_session_file_is_private_and_goes_with_the_session() {
    let data = tempfile::tempdir().unwrap();
    let f = file(std::process::id(), 0);
    let reg = f.register(data.path()).unwrap();
    let path = reg.path().to_path_buf();
    assert_eq!(
        path,
        sessions_dir(data.path()).join(format!("{}.json", f.pid))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        let dir = std::fs::metadata(sessions_dir(data.path())).unwrap();
        assert_eq!(dir.permissions().mode() & 0o777, 0o700);
    }
    assert_eq!(SessionFile::read(&path).unwrap(), f);
    assert_eq!(pick(data.path(), None).unwrap(), f);
    drop(reg);
    assert!(!path.exists());
    assert!(matches!(
        pick(data.path(), None),
        Err(AttachError::NoneRunning { .. })
    ));
}

#[test]
fn stale_files_are_removed_and_strangers_skipped() {
    let data = tempfile::tempdir().unwrap();
    let dir = sessions_dir(data.path());
    let stale = file(dead_pid(), 0);
    let stale_path = stale.register(data.path()).unwrap().path().to_path_buf();
    // `register`'s guard was dropped: write it again by hand, as a crashed presenter leaves it.
    std::fs::write(&stale_path, serde_json::to_string(&stale).unwrap()).unwrap();
    std::fs::write(dir.join("notes.json"), "not a session").unwrap();
    std::fs::write(dir.join("README"), "hello").unwrap();
    let zero = file(0, 1);
    std::fs::write(dir.join("0.json"), serde_json::to_string(&zero).unwrap()).unwrap();

    assert!(running(data.path()).is_empty());
    assert!(
        !stale_path.exists(),
        "the file of a dead process is removed"
    );
    assert!(!dir.join("0.json").exists(), "pid 0 is no process");
    assert!(
        dir.join("notes.json").exists(),
        "what is not ours is left alone"
    );
    let err = pick(data.path(), None).unwrap_err().to_string();
    assert!(err.contains("no group session is running"), "{err}");
    assert!(err.contains("frontdesk present"), "{err}");

    // Named with --session, a stale file says the session has ended.
    std::fs::write(&stale_path, serde_json::to_string(&stale).unwrap()).unwrap();
    let err = pick(data.path(), Some(&stale_path))
        .unwrap_err()
        .to_string();
    assert!(err.contains("has ended"), "{err}");
    let err = pick(data.path(), Some(&dir.join("notes.json")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a session file"), "{err}");
}

#[test]
fn several_sessions_are_listed_and_one_is_picked_by_path() {
    let data = tempfile::tempdir().unwrap();
    let dir = sessions_dir(data.path());
    std::fs::create_dir_all(&dir).unwrap();
    // Two live processes: this test and its parent (cargo's test runner or a shell).
    let me = file(std::process::id(), 5);
    let parent = file(std::os::unix::process::parent_id(), 1);
    for f in [&me, &parent] {
        std::fs::write(
            dir.join(format!("{}.json", f.pid)),
            serde_json::to_string(f).unwrap(),
        )
        .unwrap();
    }
    let found = running(data.path());
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].1, parent, "oldest first");
    let Err(AttachError::Several(list)) = pick(data.path(), None) else {
        panic!("two sessions run");
    };
    assert_eq!(list.len(), 2);
    let err = list.join("\n");
    for f in [&me, &parent] {
        assert!(
            err.contains(&format!(
                "--session {}",
                dir.join(format!("{}.json", f.pid)).display()
            )),
            "{err}"
        );
    }
    assert!(!err.contains(&me.token), "tokens are never printed: {err}");
    let chosen = pick(data.path(), Some(&dir.join(format!("{}.json", me.pid)))).unwrap();
    assert_eq!(chosen, me);
}

#[test]
fn lines_are_read_up_to_a_limit() {
    let mut r = std::io::Cursor::new(b"short\nthis one is far too long\nlast".to_vec());
    assert_eq!(read_line(&mut r, 10).unwrap().as_deref(), Some("short"));
    assert!(read_line(&mut r, 10).is_err());
    let mut r = std::io::Cursor::new(b"last".to_vec());
    assert_eq!(read_line(&mut r, 10).unwrap().as_deref(), Some("last"));
    assert_eq!(read_line(&mut r, 10).unwrap(), None);
}

#[test]
fn messages_are_one_line_of_json_each() {
    let hello = ToSession::Hello {
        token: "ab".into(),
        version: VERSION,
    };
    let s = serde_json::to_string(&hello).unwrap();
    assert_eq!(s, r#"{"type":"hello","token":"ab","version":1}"#);
    let key = serde_json::to_string(&ToSession::Key {
        key: WireKey::Char('a'),
    })
    .unwrap();
    assert_eq!(key, r#"{"type":"key","key":{"char":"a"}}"#);
    let right: ToSession = serde_json::from_str(r#"{"type":"key","key":"right"}"#).unwrap();
    assert_eq!(
        right,
        ToSession::Key {
            key: WireKey::Right
        }
    );
    assert!(serde_json::from_str::<ToSession>(r#"{"type":"key","key":"esc"}"#).is_err());
}
