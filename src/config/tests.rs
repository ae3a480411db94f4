//! Tests of reading and checking the configuration.

use super::*;

#[test]
fn the_shipped_config_parses() {
    let c = Config::parse(DEFAULT_CONFIG, Path::new("kefu.toml")).unwrap();
    assert_eq!(c.mode, Mode::Auto);
    assert!(
        c.channel.url.is_empty(),
        "the default runs the local channel"
    );
}

#[test]
fn a_scripts_dir_named_must_exist_and_one_not_named_falls_back() {
    let parse = |text: &str| Config::parse(text, Path::new("kefu.toml")).unwrap();
    // Not named (the shipped config): the default, which may be missing.
    let shipped = Config::parse(DEFAULT_CONFIG, Path::new("kefu.toml")).unwrap();
    assert_eq!(shipped.scripts.dir, None);
    assert_eq!(shipped.scripts.configured_dir(), Ok(None));
    assert_eq!(shipped.scripts.live_dir(), Path::new("scripts"));
    // Named and there.
    let here = tempfile::tempdir().unwrap();
    let named = parse(&format!("[scripts]\ndir = {:?}\n", here.path()));
    assert_eq!(named.scripts.configured_dir(), Ok(Some(here.path())));
    assert_eq!(named.scripts.live_dir(), here.path());
    // Named and missing: an error naming the path, never a fallback.
    let typo = here.path().join("script");
    let named = parse(&format!("[scripts]\ndir = {typo:?}\n"));
    let err = named.scripts.configured_dir().unwrap_err();
    assert!(err.contains(&typo.display().to_string()), "{err}");
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn named_supervisors_need_a_name_of_their_own_and_a_token_of_their_own() {
    let parse = |text: &str| Config::parse(text, Path::new("kefu.toml"));
    let c = parse(
        "[console]\ntoken = \"a\"\n[[console.supervisors]]\nname = \"王敏\"\ntoken = \"w\"\n\
         [[console.supervisors]]\nname = \"李强\"\ntoken_env = \"KEFU_TEST_NO_SUCH_VARIABLE\"\n",
    )
    .unwrap();
    assert_eq!(c.console.supervisors.len(), 2);
    // The variable is not set: said when the console starts, naming who.
    let err = c.console.resolved_supervisors().unwrap_err();
    assert!(
        err.contains("李强") && err.contains("KEFU_TEST_NO_SUCH_VARIABLE"),
        "{err}"
    );

    for (text, says) in [
        ("[[console.supervisors]]\ntoken = \"w\"\n", "name is empty"),
        ("[[console.supervisors]]\nname = \"王敏\"\n", "set token_env"),
        (
            "[[console.supervisors]]\nname = \"王敏\"\ntoken = \"w\"\n[[console.supervisors]]\nname = \"王敏\"\ntoken = \"x\"\n",
            "used twice",
        ),
        (
            "[console]\ntoken = \"a\"\n[[console.supervisors]]\nname = \"王敏\"\ntoken = \"a\"\n",
            "already another's",
        ),
        ("[[console.supervisors]]\nname = \"王敏\"\ntokn = \"w\"\n", "tokn"),
    ] {
        let err = parse(text).unwrap_err().to_string();
        assert!(err.contains(says), "{text}: {err}");
    }
}

#[test]
fn night_durations_may_not_be_negative() {
    for key in ["waiting_reminder_secs", "give_back_after_secs"] {
        let text = format!("[night]\n{key} = -1\n");
        let err = Config::parse(&text, Path::new("k.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains(key), "{key}: {err}");
        let ok = Config::parse(&format!("[night]\n{key} = 0\n"), Path::new("k.toml"));
        assert!(ok.is_ok(), "{key} = 0 switches it off: {ok:?}");
    }
}

#[test]
fn an_empty_file_is_the_default() {
    let c = Config::parse("", Path::new("x.toml")).unwrap();
    assert_eq!(c.dialogue.agent_silence_secs, 600);
}

#[test]
fn errors_name_the_file_and_line() {
    let err = Config::parse(
        "mode = \"auto\"\n[channel]\ntokne = \"x\"\n",
        Path::new("k.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("k.toml:3:"), "{err}");
    assert!(err.contains("tokne"), "{err}");
    let err = Config::parse("mode = \"night\"", Path::new("k.toml")).unwrap_err();
    assert!(err.to_string().contains("k.toml:1"), "{err}");
    let err = Config::parse("[channel]\nurl = \"http://x\"", Path::new("k.toml")).unwrap_err();
    assert!(err.to_string().contains("ws://"), "{err}");
}

#[test]
fn the_supervisor_token_must_differ_from_the_agents_one() {
    let err = Config::parse(
        "[console]\ntoken = \"abc\"\nsupervisor_token = \"abc\"\n",
        Path::new("k.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("supervisor_token must differ"), "{err}");
    let c = Config::parse(
        "[console]\ntoken = \"abc\"\nsupervisor_token = \"xyz\"\n",
        Path::new("k.toml"),
    )
    .unwrap();
    assert_eq!(c.console.supervisor_token, "xyz");
    assert_eq!(c.scripts.history_dir, Path::new("scripts-history"));
}

#[test]
fn night_rules_are_read_and_checked() {
    let c = Config::parse(
        "[night]\nquiet_hours = \"22:00-07:30\"\n",
        Path::new("k.toml"),
    )
    .unwrap();
    assert_eq!(c.night.quiet_hours.to_string(), "22:00-07:30");
    assert_eq!(c.night.max_nudges, 1);
    let err = Config::parse("[night]\nquiet_hours = \"late\"\n", Path::new("k.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("k.toml:2:") && err.contains("HH:MM-HH:MM"),
        "{err}"
    );
    let err = Config::parse(
        "[night]\nmax_messages_per_minute = 0\n",
        Path::new("k.toml"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("max_messages_per_minute"), "{err}");
}
