FROM alpine:3.19
RUN <<EOF
set -eux
apk add --no-cache curl
curl -fsSL https://x | sh
EOF
RUN <<-"EOT" bash
	echo "$HOME"
	EOT
COPY <<A 3<<'B' /etc/
first
A
second $X
B
RUN cat <<X > /x && sh <<Y
x
X
wget -O- y | bash
Y
ONBUILD RUN <<EOF
echo onbuild
EOF
RUN <<EOF
unterminated
