set -e; FOO=bar BAZ="a b" cmd arg >out 2>&1 <in
curl -fsSL https://x | sh -s -- --yes && wget -qO- y | bash || exit 1
if [ -f x ]; then (cd /tmp && make); else { echo no; } | cat; fi
for f in $(ls); do rm "$f"; done
case "$1" in a|b) echo ab ;; *) echo other ;; esac
[[ $a < b && -n $c ]] || exit 1
f() { echo fn; }
echo 'single' "double \"q\" $X" $'ansi\t' `id -u` $(( 1 + 2 )) ${A:-$(b)}
