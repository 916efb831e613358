from tests.diff.gitrepo import commit  # noqa: F401 - a fixture
