import pytest

from servicekit.env import (
    ImproperlyConfiguredEnv,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_map,
    env_str,
)


def test_env_str_reads_the_variable(monkeypatch):
    monkeypatch.setenv("SK_NAME", "property-service")
    assert env_str("SK_NAME") == "property-service"


def test_env_str_falls_back_to_the_default(monkeypatch):
    monkeypatch.delenv("SK_NAME", raising=False)
    assert env_str("SK_NAME", "fallback") == "fallback"
    assert env_str("SK_NAME", "") == ""


def test_env_str_without_default_names_the_missing_variable(monkeypatch):
    monkeypatch.delenv("SK_NAME", raising=False)
    with pytest.raises(ImproperlyConfiguredEnv, match="SK_NAME"):
        env_str("SK_NAME")


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " on "])
def test_env_bool_true_spellings(monkeypatch, raw):
    monkeypatch.setenv("SK_FLAG", raw)
    assert env_bool("SK_FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_false_spellings(monkeypatch, raw):
    monkeypatch.setenv("SK_FLAG", raw)
    assert env_bool("SK_FLAG", True) is False


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("SK_FLAG", raising=False)
    assert env_bool("SK_FLAG", True) is True
    assert env_bool("SK_FLAG") is False


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SK_FLAG", "maybe")
    with pytest.raises(ImproperlyConfiguredEnv, match="SK_FLAG must be true or false"):
        env_bool("SK_FLAG")


def test_env_int_parses_and_defaults(monkeypatch):
    monkeypatch.setenv("SK_N", "42")
    assert env_int("SK_N", 1) == 42
    monkeypatch.setenv("SK_N", "  ")
    assert env_int("SK_N", 7) == 7
    monkeypatch.delenv("SK_N")
    assert env_int("SK_N", 7) == 7


def test_env_int_refuses_a_non_integer(monkeypatch):
    monkeypatch.setenv("SK_N", "4.5")
    with pytest.raises(ImproperlyConfiguredEnv, match="SK_N must be an integer"):
        env_int("SK_N", 1)


def test_env_float_parses_defaults_and_refuses(monkeypatch):
    monkeypatch.setenv("SK_F", "0.25")
    assert env_float("SK_F", 1.0) == 0.25
    monkeypatch.delenv("SK_F")
    assert env_float("SK_F", 1.5) == 1.5
    monkeypatch.setenv("SK_F", "fast")
    with pytest.raises(ImproperlyConfiguredEnv, match="SK_F must be a number"):
        env_float("SK_F", 1.0)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("SK_HOSTS", " a.example , b.example,, ")
    assert env_list("SK_HOSTS") == ["a.example", "b.example"]


def test_env_list_default_is_a_copy(monkeypatch):
    monkeypatch.delenv("SK_HOSTS", raising=False)
    default = ["localhost"]
    result = env_list("SK_HOSTS", default)
    result.append("x")
    assert default == ["localhost"]
    assert env_list("SK_HOSTS") == []


def test_env_map_reads_caller_token_pairs():
    environ = {"SERVICE_TOKENS": " bff = t1 , financial-service=t=2,"}
    assert env_map("SERVICE_TOKENS", environ) == {"bff": "t1", "financial-service": "t=2"}


def test_env_map_empty_or_unset_is_empty():
    assert env_map("SERVICE_TOKENS", {}) == {}
    assert env_map("SERVICE_TOKENS", {"SERVICE_TOKENS": ""}) == {}


@pytest.mark.parametrize("raw", ["bff", "bff=", "=token", "bff=t1,oops"])
def test_env_map_refuses_malformed_pairs(raw):
    with pytest.raises(ImproperlyConfiguredEnv, match="name=value"):
        env_map("SERVICE_TOKENS", {"SERVICE_TOKENS": raw})


def test_env_map_reads_the_process_environment_by_default(monkeypatch):
    monkeypatch.setenv("SK_MAP", "a=1")
    assert env_map("SK_MAP") == {"a": "1"}


def test_a_variable_can_come_from_the_file_named_by_its_file_twin(tmp_path, monkeypatch):
    secret = tmp_path / "tokens"
    secret.write_text("bff=abc,financial-service=def\n")
    monkeypatch.delenv("SERVICE_TOKENS", raising=False)
    monkeypatch.setenv("SERVICE_TOKENS_FILE", str(secret))
    assert env_map("SERVICE_TOKENS") == {"bff": "abc", "financial-service": "def"}
    monkeypatch.setenv("SERVICE_TOKENS", "bff=direct")
    assert env_map("SERVICE_TOKENS") == {"bff": "direct"}, "the variable itself wins over its _FILE twin"
    monkeypatch.setenv("MISSING_FILE", str(tmp_path / "nope"))
    with pytest.raises(ImproperlyConfiguredEnv, match="MISSING_FILE"):
        env_str("MISSING")
