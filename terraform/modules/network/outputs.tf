output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC (the widest source the data stores accept)."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets, one per zone (load balancers, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets, one per zone (tasks, RDS, ElastiCache, EFS)."
  value       = aws_subnet.private[*].id
}

output "tasks_security_group_id" {
  description = "Security group of every application task; data stores admit it."
  value       = aws_security_group.tasks.id
}

output "public_subnet_cidr_blocks" {
  description = "IPv4 ranges of the public subnets (where the ALB's addresses come from)."
  value       = aws_subnet.public[*].cidr_block
}
