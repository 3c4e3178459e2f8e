variable "name" {
  type        = string
  description = "Prefix of every resource name, e.g. swarmhost-production."
}

variable "cidr_block" {
  type        = string
  description = "IPv4 range of the VPC, e.g. 10.40.0.0/16; each subnet takes a /20 of it."
}

variable "availability_zones" {
  type        = list(string)
  description = "Two or three availability zones; one public and one private subnet in each."

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 3
    error_message = "availability_zones must name 2 or 3 zones."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "true: one NAT gateway for all zones (cheaper, staging); false: one per zone (production)."
}

variable "tags" {
  type        = map(string)
  description = "Common tags every resource carries (also set as the provider's default_tags)."
}
