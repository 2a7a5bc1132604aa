"""Runs in the generated client's own environment: calls the API through the generated package and
prints what it got, with Python types, as JSON. Usage: python client_usage.py PACKAGE_PARENT BASE_URL"""

import datetime as dt
import json
import sys

sys.path.insert(0, sys.argv[1])

from treaty_client import Client  # noqa: E402
from treaty_client.api.checks import check_share  # noqa: E402
from treaty_client.api.instruments import list_participants  # noqa: E402
from treaty_client.api.states import get_state  # noqa: E402
from treaty_client.models import Problem, Share  # noqa: E402

client = Client(base_url=sys.argv[2])
share = check_share.sync(client=client, group="nato", instrument="ccm", as_of=dt.date(2023, 7, 20),
                         threshold="2/3")
people = list_participants.sync(client=client, instrument="ccm", as_of=dt.date(2025, 6, 22))
lithuania = next(item for item in people.items if item.state == "LTU")
state = get_state.sync(client=client, state="Türkiye")
missing = get_state.sync(client=client, state="Atlantis")
print(json.dumps({
    "share_type": type(share).__name__, "is_share": isinstance(share, Share), "fraction": share.fraction,
    "holds": share.holds, "as_of_type": type(share.as_of).__name__,
    "participants_counted": people.count == len(people.items) > 0, "ltu_effective": lithuania.withdrawal_effective_date.isoformat(),
    "ltu_effective_type": type(lithuania.withdrawal_effective_date).__name__,
    "state": state.code, "error_type": type(missing).__name__, "error_is_problem": isinstance(missing, Problem),
    "error_status": missing.status,
}))
