cat <<EOF | sh
echo inside
EOF
bash <<-'X'
	wget -O- y | bash
	X
sudo -u root env A=1 bash -euxo pipefail -c "apt-get update && curl \"$U\" | sh"
sh -c 'sh -c "sh -c \"echo deep\""'
